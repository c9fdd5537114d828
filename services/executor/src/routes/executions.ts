// Executions answered later: POST /executions (202, its id and a Location), GET /executions/{id} (its
// state; once answered, the very answer POST /execute would have given, with an optional bounded
// long-poll), DELETE /executions/{id} (cancel). Registered in POST /execute's scope, which reads the
// bodies; an Idempotency-Key on either POST attaches a retried request to the execution it started.
import type { FastifyInstance, FastifyReply, FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import { type Executions, fingerprintOf, idempotencyKeyOf } from '../executions/executions.js';
import type { Execution } from '../executions/store.js';
import { ExecutorError } from '../outcome/executorError.js';
import type { Answer } from '../outcome/toHttp.js';
import type { nodeSpecSchema } from '../spec/nodeSpec.js';
import type { RunSpec } from '../spec/runSpec.js';

export interface ExecutionRoutesDeps {
  executions: Executions<RunSpec>;
  /** the longest a GET may wait for the answer */
  maxWaitSec: number;
  bodySchema: ReturnType<typeof nodeSpecSchema>;
  /** the scope's body validator (the body was read and checked off the event loop) */
  validatorCompiler: FastifySchemaCompiler<unknown>;
}

const idParams = z.object({ id: z.string().uuid('must be an execution id') });
const waitQuery = (maxWaitSec: number) =>
  z
    .object({ waitSec: z.coerce.number().min(0, 'must be at least 0').max(maxWaitSec, `must be at most ${maxWaitSec}`).optional() })
    .strict();

/** The request's parts that an Idempotency-Key stands for: everything it asks to run. */
export function fingerprintOfSpec(spec: RunSpec): string {
  const { inputsJson, paramsJson, preflight: _checked, ...rest } = spec;
  return fingerprintOf([JSON.stringify(rest), inputsJson, paramsJson]);
}

/** Sends an execution as it stands: its state, or, once answered, its answer with the state added. */
export function sendExecution(reply: FastifyReply, e: Execution) {
  if (!e.answer) return reply.status(200).send({ executionId: e.id, state: e.state });
  return sendAnswer(reply, e.answer, e.state);
}

/** An answer kept as text, sent as it was made (with its Retry-After), the state spliced in front. */
export function sendAnswer(reply: FastifyReply, a: Answer, state?: string) {
  if (a.retryAfterSec !== undefined) void reply.header('retry-after', String(a.retryAfterSec));
  const text = state === undefined ? a.bodyText : `{"state":${JSON.stringify(state)},${a.bodyText.slice(1)}`;
  return reply.status(a.status).type('application/json; charset=utf-8').send(text);
}

const parsed = <T>(schema: z.ZodType<T>, value: unknown, where: string): T => {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const fields = r.error.issues.map((i) => ({ field: `${where}.${i.path.join('.') || '(all)'}`, reason: i.message }));
  throw new ExecutorError('INVALID_REQUEST', `${fields[0]!.field}: ${fields[0]!.reason}`, { fields });
};

export function executionRoutes(app: FastifyInstance, deps: ExecutionRoutesDeps) {
  const query = waitQuery(deps.maxWaitSec);

  app.post<{ Body: RunSpec }>(
    '/executions',
    {
      schema: {
        summary: "Start a custom node's code and answer at once; read its answer later",
        description: '202 with the executionId and a Location; GET that location for the state, then the answer.',
        body: deps.bodySchema,
      },
      validatorCompiler: deps.validatorCompiler,
    },
    async (req, reply) => {
      const key = idempotencyKeyOf(req.headers['idempotency-key']);
      const { execution } = deps.executions.submit(req.body, {
        executionId: req.id,
        ...(key !== undefined ? { idempotencyKey: key } : {}),
        fingerprint: fingerprintOfSpec(req.body),
      });
      return reply
        .status(202)
        .header('location', `/executions/${execution.id}`)
        .send({ executionId: execution.id, state: execution.state });
    },
  );

  app.get('/executions/:id', { schema: { summary: 'An execution: its state, or once it has one, its answer' } }, async (req, reply) => {
    const { id } = parsed(idParams, req.params, 'path');
    const { waitSec } = parsed(query, req.query, 'query');
    // A long-poll ends early when its client goes away.
    const gone = new AbortController();
    reply.raw.once('close', () => gone.abort());
    const e = await deps.executions.get(id, (waitSec ?? 0) * 1000, gone.signal);
    if (!e) throw new ExecutorError('NOT_FOUND', `no execution ${id} (unknown, or its answer expired)`);
    return sendExecution(reply, e);
  });

  app.delete(
    '/executions/:id',
    { schema: { summary: 'Cancel an execution: a queued one never starts, a running one is stopped' } },
    async (req, reply) => {
      const { id } = parsed(idParams, req.params, 'path');
      const e = deps.executions.cancel(id);
      if (!e) throw new ExecutorError('NOT_FOUND', `no execution ${id} (unknown, or its answer expired)`);
      return sendExecution(reply, e);
    },
  );
}
