// buildApp(deps): the Fastify instance, its error handler and routes. Pure wiring; the process lives in server.ts.
import { randomUUID } from 'node:crypto';
import type Docker from 'dockerode';
import Fastify from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { ContainerClient } from './docker/containerClient.js';
import { errorHandler, ExecutorError } from './errors.js';
import type { NodejsSandboxRunner } from './runners/nodejsSandboxRunner.js';
import type { Slots } from './scheduling/slots.js';
import { executeRoute } from './routes/execute.js';
import { healthRoute } from './routes/health.js';

export interface AppDeps {
  config: Config;
  runner: NodejsSandboxRunner;
  client: ContainerClient;
  docker: Docker;
  slots: Slots;
  logger: Logger;
}

export function buildApp(deps: AppDeps) {
  const app = Fastify({
    loggerInstance: deps.logger,
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
  app.addHook('onSend', async (req, reply) => {
    void reply.header('x-execution-id', req.id);
  });
  app.register(async (scope) => executeRoute(scope, { runner: deps.runner, config: deps.config }));
  app.register(async (scope) =>
    healthRoute(scope, { client: deps.client, docker: deps.docker, image: deps.config.image.name, slots: deps.slots }),
  );
  return app;
}
