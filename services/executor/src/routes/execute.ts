// POST /execute: validate the node spec, run it in a sandbox, answer with the outcome; count what it came to.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config.js';
import { ExecutorError } from '../outcome/executorError.js';
import { asExecutorError } from './errorHandler.js';
import type { Drain } from '../shutdown.js';
import { withLinkedSignal } from '../linkedSignal.js';
import type { Metrics } from '../metrics.js';
import { toHttp } from '../outcome/toHttp.js';
import type { SandboxOrchestrator } from '../sandboxes/orchestrator.js';
import { nodeSpecSchema } from '../spec/nodeSpec.js';
import { parseSpec } from '../spec/parseSpec.js';

export interface ExecuteRouteDeps {
  orchestrator: SandboxOrchestrator;
  config: Config;
  metrics: Metrics;
  drain: Drain;
}

export function executeRoute(app: FastifyInstance, opts: ExecuteRouteDeps) {
  const schema = nodeSpecSchema(opts.config);

  // Draining after SIGTERM: refuse before reading the body, so nothing new starts.
  app.addHook('onRequest', async () => {
    if (opts.drain.draining) {
      throw new ExecutorError('SHUTTING_DOWN', 'the service is shutting down; retry on another instance');
    }
  });

  // Every refusal and failure of this route, whichever layer raised it (parser, validation, runner).
  app.addHook('onError', async (req, reply, err) => {
    const e = asExecutorError(err);
    const seconds = reply.elapsedTime / 1000;
    opts.metrics.recordExecution(e.statusCode >= 500 ? 'failed' : 'refused', e.code, seconds);
    if (e.infrastructure) opts.metrics.recordDockerError(e.code, 'execute');
    req.log.info({ outcome: e.statusCode >= 500 ? 'failed' : 'refused', type: e.code, seconds }, 'execution answered');
  });

  app.withTypeProvider<ZodTypeProvider>().post(
    '/execute',
    {
      schema: {
        summary: "Run a custom node's code in a fresh hardened sandbox",
        description:
          '200 with the result, or 200 with success false and a violation when the code broke a rule; 4xx when the request is refused, 5xx when the service or Docker failed.',
        body: schema,
      },
      // The same zod schema documents the body (OpenAPI) and validates it, through parseSpec, so a refusal
      // names every bad field with its reason (INVALID_SPEC) exactly as before.
      validatorCompiler: () => (body: unknown) => {
        try {
          return { value: parseSpec(schema, body) };
        } catch (err) {
          return { error: err as Error };
        }
      },
    },
    async (req, reply) => {
      const spec = req.body;
      if (opts.config.logUserData) req.log.info({ spec }, 'execution spec');
      // A client that hangs up gives its slot back, and its container goes; so does the end of a shutdown's grace.
      const gone = new AbortController();
      reply.raw.once('close', () => {
        if (!reply.raw.writableEnded) gone.abort(new ExecutorError('CLIENT_GONE', 'the client disconnected before the answer'));
      });
      const outcome = await withLinkedSignal([gone.signal, opts.drain.signal], (signal) =>
        opts.orchestrator.run(spec, { executionId: req.id, signal }),
      );
      const seconds = reply.elapsedTime / 1000;
      opts.metrics.recordRunOutcome(outcome, seconds);
      const type = outcome.kind === 'result' ? 'none' : outcome.violation.type;
      req.log.info({ outcome: outcome.kind === 'result' ? 'success' : 'violation', type, seconds }, 'execution answered');
      const { status, body } = toHttp(req.id, outcome);
      return reply.status(status).send(body);
    },
  );
}
