// ExecutorError: a failure of the request or of the service, never of the user's code. Its status and
// Retry-After come from the code's entry in the catalogue, so a throw site names only the code.
import { EXECUTOR_ERRORS, type ExecutorErrorCode } from './codes.js';

export class ExecutorError extends Error {
  readonly statusCode: number;
  readonly retryAfterSec: number | undefined;
  constructor(
    readonly code: ExecutorErrorCode,
    message: string,
    /** safe to send to the client */
    readonly details?: Record<string, unknown>,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ExecutorError';
    const entry: { status: number; retryAfterSec?: number } = EXECUTOR_ERRORS[code];
    this.statusCode = entry.status;
    this.retryAfterSec = entry.retryAfterSec;
  }

  /** Docker or a sandbox failed, rather than the request being wrong */
  get infrastructure(): boolean {
    return 'infrastructure' in EXECUTOR_ERRORS[this.code];
  }
}
