// Reads what went wrong in a Docker call: engine unreachable, a missing object, or something else.
import { ExecutorError } from '../outcome/executorError.js';

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ETIMEDOUT', 'ENOTFOUND']);

export function statusOf(err: unknown): number | undefined {
  const s = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

/** 304 (already stopped), 404 (no such container) and 409 (removal already in progress) all mean "done". */
export function isAlreadyDone(err: unknown): boolean {
  const s = statusOf(err);
  return s === 304 || s === 404 || s === 409;
}

export function isEngineUnreachable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNREACHABLE.has(code);
}

/** A deadline or a cancellation, whether raw or wrapped in an ExecutorError as its cause. */
export function isAbort(err: unknown): boolean {
  const e = err as { name?: unknown; cause?: unknown } | null;
  return e?.name === 'AbortError' || e?.name === 'TimeoutError' || (e?.cause !== undefined && isAbort(e.cause));
}

/** Engine-level failures become ExecutorErrors the client can act on; anything else is rethrown as is. */
export function toExecutorError(err: unknown, what: string): unknown {
  if (err instanceof ExecutorError) return err;
  if (isEngineUnreachable(err)) {
    return new ExecutorError('DOCKER_UNAVAILABLE', 'the Docker engine is not reachable; retry later', undefined, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  if (statusOf(err) === 404 && /no such image/i.test(message)) {
    return new ExecutorError('IMAGE_NOT_READY', 'the sandbox image is not built yet; retry later', undefined, { cause: err });
  }
  return new ExecutorError('SANDBOX_FAILED', `Docker failed to ${what}`, undefined, { cause: err });
}
