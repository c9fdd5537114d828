// POST /execute: read and validate the node spec off the main thread, run it in a sandbox, answer with the
// outcome; count what it came to.
import type { IncomingMessage } from 'node:http';
import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { BodyReaders } from '../intake/bodyPool.js';
import { receiveBody } from '../intake/receiveBody.js';
import { ExecutorError } from '../outcome/executorError.js';
import { asExecutorError } from './errorHandler.js';
import type { Drain } from '../shutdown.js';
import { withLinkedSignal } from '../linkedSignal.js';
import type { Metrics } from '../metrics.js';
import { answerOf, errorAnswer, toHttp } from '../outcome/toHttp.js';
import { Executions, idempotencyKeyOf, type RunToAnswer } from '../executions/executions.js';
import { ExecutionStore } from '../executions/store.js';
import { executionRoutes, fingerprintOfSpec, sendAnswer } from './executions.js';
import type { SandboxOrchestrator } from '../sandboxes/orchestrator.js';
import { nodeSpecSchema } from '../spec/nodeSpec.js';
import type { BodyReading } from '../spec/readBody.js';
import { parseSpec } from '../spec/parseSpec.js';
import { type RunSpec, runSpecOf } from '../spec/runSpec.js';

export interface ExecuteRouteDeps {
  orchestrator: SandboxOrchestrator;
  config: Config;
  metrics: Metrics;
  drain: Drain;
}

export function executeRoute(app: FastifyInstance, opts: ExecuteRouteDeps) {
  const schema = nodeSpecSchema(opts.config);
  // The body is read in a thread of this pool (intake/bodyPool.ts), never on the event loop: parsed,
  // validated by the same schema, pre-flighted, its inputs and params kept as JSON text. At most as many
  // bodies wait for a thread as could wait for a slot.
  const { concurrency } = opts.config;
  const readers = new BodyReaders({
    settings: opts.config,
    maxQueue: concurrency.running + concurrency.queued,
    log: app.log.child({ component: 'body-readers' }),
  });
  app.addHook('onClose', async () => readers.close());
  // In this route's scope only: Fastify's own JSON parser would parse on the event loop, and its
  // collector copy the whole body at once at its end.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', async (req: FastifyRequest, payload: IncomingMessage) => {
    const reading = await readers.read(await receiveBody(payload, req.headers, opts.config.request.bodyLimitBytes));
    // Refused as Fastify's parser refuses them, with its codes and words.
    if (reading.kind === 'empty') throw new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY();
    if (reading.kind === 'not-json') throw new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY();
    return reading;
  });

  // Draining after SIGTERM: refuse before reading the body, so nothing new starts.
  // Reading an answer (GET) or cancelling (DELETE) still works: only starting something new is refused.
  app.addHook('onRequest', async (req) => {
    if (opts.drain.draining && req.method === 'POST') {
      throw new ExecutorError('SHUTTING_DOWN', 'the service is shutting down; retry on another instance');
    }
  });

  // Every refusal and failure of this route, whichever layer raised it (parser, validation, runner).
  app.addHook('onError', async (req, reply, err) => {
    if (req.method !== 'POST') return; // reading or cancelling an execution is not one
    const e = asExecutorError(err);
    const seconds = reply.elapsedTime / 1000;
    opts.metrics.recordExecution(e.statusCode >= 500 ? 'failed' : 'refused', e.code, seconds);
    if (e.infrastructure) opts.metrics.recordDockerError(e.code, 'execute');
    req.log.info({ outcome: e.statusCode >= 500 ? 'failed' : 'refused', type: e.code, seconds }, 'execution answered');
  });

  // An execution answered later runs through the same orchestrator, with the same counting, as POST
  // /execute; its answer is kept as the very answer POST /execute would have given.
  const runToAnswer: RunToAnswer<RunSpec> = async (spec, o) => {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const outcome = await withLinkedSignal([o.signal, opts.drain.signal], (signal) =>
        opts.orchestrator.run(spec, { executionId: o.executionId, signal, onSandbox: o.onStarted }),
      );
      opts.metrics.recordRunOutcome(outcome, seconds());
      const { status, body } = toHttp(o.executionId, outcome);
      return answerOf(status, body);
    } catch (err) {
      const e = asExecutorError(err);
      opts.metrics.recordExecution(e.statusCode >= 500 ? 'failed' : 'refused', e.code, seconds());
      if (e.infrastructure) opts.metrics.recordDockerError(e.code, 'execute');
      return errorAnswer(o.executionId, e);
    }
  };
  const { executions: kept } = opts.config;
  const executions = new Executions<RunSpec>(
    new ExecutionStore({ ttlMs: kept.resultTtlSec * 1000, maxBytes: kept.storeMb * 1024 * 1024, maxEntries: kept.maxKept }),
    runToAnswer,
  );
  const requestTimeoutMs = (opts.config.maxLimits.timeSec + 120) * 1000;

  // The same zod schema documents the body (OpenAPI) and validated it in the reading thread, through
  // parseSpec, so a refusal names every bad field with its reason (INVALID_SPEC) exactly as before.
  const readSpec = () => (body: unknown) => {
    const reading = body as BodyReading | undefined;
    if (reading?.kind === 'spec') return { value: reading.spec };
    if (reading?.kind === 'refused') return { error: new ExecutorError(reading.code, reading.message, reading.details) };
    // No body at all (no content type, no length): nothing for a thread to read, refused as before.
    try {
      return { value: runSpecOf(parseSpec(schema, body)) };
    } catch (err) {
      return { error: err as Error };
    }
  };

  app.post<{ Body: RunSpec }>(
    '/execute',
    {
      schema: {
        summary: "Run a custom node's code in a fresh hardened sandbox",
        description:
          '200 with the result, or 200 with success false and a violation when the code broke a rule; 4xx when the request is refused, 5xx when the service or Docker failed.',
        body: schema,
      },
      validatorCompiler: readSpec,
    },
    async (req, reply) => {
      const spec = req.body;
      // The inputs and params are logged as the JSON text they are kept as: parsing them back would hold the loop.
      if (opts.config.logUserData) {
        const text = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
        req.log.info({ spec: { ...spec, inputsJson: text(spec.inputsJson), paramsJson: text(spec.paramsJson) } }, 'execution spec');
      }
      // With an Idempotency-Key, the request attaches to the execution that key started (or starts it)
      // and answers with that execution's answer; the run goes on if this client hangs up.
      const key = idempotencyKeyOf(req.headers['idempotency-key']);
      if (key !== undefined) {
        const { execution } = executions.submit(spec, { executionId: req.id, idempotencyKey: key, fingerprint: fingerprintOfSpec(spec) });
        const left = new AbortController();
        reply.raw.once('close', () => left.abort());
        const done = await executions.get(execution.id, requestTimeoutMs, left.signal);
        if (!done?.answer) throw new ExecutorError('CLIENT_GONE', 'the client disconnected before the answer');
        return sendAnswer(reply, done.answer);
      }
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

  executionRoutes(app, { executions, maxWaitSec: kept.maxWaitSec, bodySchema: schema, validatorCompiler: readSpec });
}
