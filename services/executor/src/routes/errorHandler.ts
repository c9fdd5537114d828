// The one place an error becomes an HTTP answer: ours as they are, Fastify's by their status, anything
// else a 500 that names nothing of the service's inside.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ExecutorError } from '../outcome/executorError.js';
import { errorBody } from '../outcome/toHttp.js';

/** Fastify's own request errors (bad JSON, wrong content type, body too large), in our vocabulary. */
function fromFastify(err: FastifyError): ExecutorError {
  const status = err.statusCode ?? 500;
  if (status === 413) return new ExecutorError('PAYLOAD_TOO_LARGE', err.message);
  if (status === 415) return new ExecutorError('UNSUPPORTED_MEDIA_TYPE', err.message);
  if (status === 404) return new ExecutorError('NOT_FOUND', err.message);
  if (status >= 400 && status < 500) return new ExecutorError('INVALID_REQUEST', err.message, { fastifyCode: err.code });
  return new ExecutorError('INTERNAL', 'internal error', undefined, { cause: err });
}

/** Any error, in our vocabulary: ours as it is, Fastify's by its status, anything else a 500. */
export function asExecutorError(err: unknown): ExecutorError {
  return err instanceof ExecutorError ? err : fromFastify(err as FastifyError);
}

export function errorHandler(err: FastifyError | ExecutorError, req: FastifyRequest, reply: FastifyReply) {
  const e = asExecutorError(err);
  if (e.statusCode >= 500) req.log.error({ err: e.cause ?? err, code: e.code }, e.message);
  else req.log.info({ code: e.code, reason: e.message }, 'request refused');
  if (e.retryAfterSec !== undefined) void reply.header('retry-after', String(e.retryAfterSec));
  return reply.status(e.statusCode).send(errorBody(req.id, e));
}
