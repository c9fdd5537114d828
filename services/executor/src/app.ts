// buildApp(deps): the Fastify instance, its error handler and routes. Pure wiring; the process lives in server.ts.
import { randomUUID } from 'node:crypto';
import type Docker from 'dockerode';
import Fastify, { LogController } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { ContainerClient } from './docker/containerClient.js';
import type { EgressGuard } from './hardening/egress.js';
import { StrandedRuns } from './cleanup/strandedRuns.js';
import { ExecutorError } from './outcome/executorError.js';
import { errorHandler } from './routes/errorHandler.js';
import { Drain } from './shutdown.js';
import { createMetrics, type Metrics } from './metrics.js';
import { longestSandboxLifeMs } from './sandboxes/deadlines.js';
import type { SandboxOrchestrator } from './sandboxes/orchestrator.js';
import type { Slots } from './admission/slots.js';
import { registerDocs } from './routes/docs.js';
import { executeRoute } from './routes/execute.js';
import { healthRoute } from './routes/health.js';
import { metricsRoute } from './routes/metrics.js';

export interface AppDeps {
  config: Config;
  runner: SandboxOrchestrator;
  client: ContainerClient;
  docker: Docker;
  slots: Slots;
  logger: Logger;
  /** made here when not given; server.ts passes its own to count sweeps */
  metrics?: Metrics;
  /** the SIGTERM drain; made here when not given */
  drain?: Drain;
  /** the egress rules' state, shown on /health */
  egress?: EgressGuard;
  /** runs whose containers Docker's absence left behind; made here when not given */
  stranded?: StrandedRuns;
}

export function buildApp(deps: AppDeps) {
  const metrics = deps.metrics ?? createMetrics(deps.slots, () => deps.runner.pool?.stats.idle ?? 0);
  const drain = deps.drain ?? new Drain();
  const stranded =
    deps.stranded ??
    new StrandedRuns({
      client: deps.client,
      log: deps.logger,
      retryMs: 2_000,
      forgetAfterMs: longestSandboxLifeMs(deps.config),
      maxRuns: 1_000,
      onRemoved: (n) => metrics.recordSwept('stranded', n),
    });
  const app = Fastify({
    loggerInstance: deps.logger,
    // The request id is the execution id: the same key in the request's, the run's and the result's log lines.
    logController: new LogController({ requestIdLogLabel: 'executionId' }),
    // While draining, our own SHUTTING_DOWN (with Retry-After) answers instead of Fastify's bare 503.
    return503OnClosing: false,
    bodyLimit: deps.config.request.bodyLimitBytes,
    genReqId: () => randomUUID(),
    // The longest run, plus its grace, plus time to wait for a slot.
    requestTimeout: (deps.config.maxLimits.timeSec + 120) * 1000,
  });
  // Only JSON bodies: anything else is a 415 rather than a string that fails validation.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req) => {
    throw new ExecutorError('NOT_FOUND', `no route ${req.method} ${req.url}`);
  });
  // Idle pooled sandboxes go, and removals under way finish, before the app reports closed.
  app.addHook('onClose', async () => deps.runner.close());
  app.addHook('onSend', async (req, reply) => {
    void reply.header('x-execution-id', req.id);
    // A draining server closes each connection after its answer, so clients move to another instance.
    if (drain.draining) void reply.header('connection', 'close');
  });
  app.addHook('onClose', async () => stranded.stop());
  registerDocs(app);
  app.register(async (scope) => executeRoute(scope, { runner: deps.runner, config: deps.config, metrics, drain, stranded }));
  app.register(async (scope) =>
    healthRoute(scope, {
      client: deps.client,
      docker: deps.docker,
      image: deps.config.image.name,
      slots: deps.slots,
      metrics,
      drain,
      // ready only once every kept-warm shape has an idle sandbox (always, with the pool off)
      poolWarm: () => deps.runner.pool?.warm ?? true,
      ...(deps.egress ? { egress: () => deps.egress!.status } : {}),
    }),
  );
  app.register(async (scope) => metricsRoute(scope, { metrics }));
  return app;
}
