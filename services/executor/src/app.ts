// buildApp(deps): the Fastify instance, its error handler and routes. Pure wiring; the process lives in
// server.ts and the collaborators are built in compose.ts.
import { randomUUID } from 'node:crypto';
import Fastify, { LogController } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Executor } from './compose.js';
import { ExecutorError } from './outcome/executorError.js';
import { registerDocs } from './routes/docs.js';
import { errorHandler } from './routes/errorHandler.js';
import { executeRoute } from './routes/execute.js';
import { healthRoute } from './routes/health.js';
import { metricsRoute } from './routes/metrics.js';

export type AppDeps = Pick<Executor, 'orchestrator' | 'engine' | 'slots' | 'metrics' | 'drain' | 'egress' | 'janitor'> & {
  config: Config;
  logger: Logger;
};

export function buildApp(deps: AppDeps) {
  const { config, metrics, drain } = deps;
  const app = Fastify({
    loggerInstance: deps.logger,
    // The request id is the execution id: the same key in the request's, the run's and the result's log lines.
    logController: new LogController({ requestIdLogLabel: 'executionId' }),
    // While draining, our own SHUTTING_DOWN (with Retry-After) answers instead of Fastify's bare 503.
    return503OnClosing: false,
    bodyLimit: config.request.bodyLimitBytes,
    genReqId: () => randomUUID(),
    // The longest run, plus its grace, plus time to wait for a slot.
    requestTimeout: (config.maxLimits.timeSec + 120) * 1000,
  });
  // Only JSON bodies: anything else is a 415 rather than a string that fails validation.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req) => {
    throw new ExecutorError('NOT_FOUND', `no route ${req.method} ${req.url}`);
  });
  // Idle pooled sandboxes go, and removals under way finish, before the app reports closed.
  app.addHook('onClose', async () => deps.orchestrator.close());
  app.addHook('onClose', async () => deps.janitor.stop());
  app.addHook('onSend', async (req, reply) => {
    void reply.header('x-execution-id', req.id);
    // A draining server closes each connection after its answer, so clients move to another instance.
    if (drain.draining) void reply.header('connection', 'close');
  });
  registerDocs(app);
  app.register(async (scope) => executeRoute(scope, { orchestrator: deps.orchestrator, config, metrics, drain }));
  app.register(async (scope) =>
    healthRoute(scope, {
      engine: deps.engine,
      image: config.image.name,
      slots: deps.slots,
      metrics,
      drain,
      // ready only once every kept-warm shape has an idle sandbox (always, with the pool off)
      poolWarm: () => deps.orchestrator.pool?.warm ?? true,
      egress: () => deps.egress.status,
    }),
  );
  app.register(async (scope) => metricsRoute(scope, { metrics }));
  return app;
}
