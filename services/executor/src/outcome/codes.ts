// Every code the API can answer with, and what each means for the service: the user's violations
// (defined once, by the runner) and our own failures, each with its HTTP status, its Retry-After, and
// whether it counts as a failure of Docker or a sandbox rather than of the request.
import protocol from '@edgeql/node-js/protocol';

export const VIOLATION_CODES = protocol.VIOLATION_CODES;
export type ViolationCode = (typeof VIOLATION_CODES)[number];

export interface ViolationProperties {
  /** after it, a reuse sandbox's state is not known to be clean: it is removed, not kept */
  retiresReuse: boolean;
}

/** One entry per violation: a code the runner adds must be given its properties here. */
export const VIOLATIONS = {
  TIMEOUT: { retiresReuse: true },
  MEMORY_LIMIT: { retiresReuse: true },
  OUTPUT_LIMIT: { retiresReuse: true },
  RESTRICTED_MODULE: { retiresReuse: false },
  UNAUTHORIZED_MODULE: { retiresReuse: false },
  DYNAMIC_CODE: { retiresReuse: false },
  PROCESS_CONTROL: { retiresReuse: false },
  INVALID_RESULT: { retiresReuse: false },
  RUNTIME_ERROR: { retiresReuse: false },
} as const satisfies Record<ViolationCode, ViolationProperties>;

export interface ErrorProperties {
  status: number;
  /** sent as Retry-After: the error is temporary, and this is when trying again makes sense */
  retryAfterSec?: number;
  /** Docker or a sandbox failed (counted in edgeql_docker_errors_total), not the request */
  infrastructure?: true;
}

/** Failures of the request or of the service itself, never of the user's code. */
export const EXECUTOR_ERRORS = {
  INVALID_SPEC: { status: 400 },
  INVALID_REQUEST: { status: 400 },
  PAYLOAD_TOO_LARGE: { status: 413 },
  UNSUPPORTED_MEDIA_TYPE: { status: 415 },
  NOT_FOUND: { status: 404 },
  BUSY: { status: 503, retryAfterSec: 1 },
  DOCKER_UNAVAILABLE: { status: 503, retryAfterSec: 5, infrastructure: true },
  IMAGE_NOT_READY: { status: 503, retryAfterSec: 30, infrastructure: true },
  SHUTTING_DOWN: { status: 503, retryAfterSec: 1 },
  /** the client hung up first: nobody reads the answer; it exists for the logs and metrics */
  CLIENT_GONE: { status: 499 },
  NETWORKING_UNAVAILABLE: { status: 503 },
  /** DELETE /executions/{id} ended it before it finished */
  CANCELLED: { status: 409 },
  /** an Idempotency-Key already used with another request */
  IDEMPOTENCY_KEY_REUSED: { status: 422 },
  SANDBOX_FAILED: { status: 502, infrastructure: true },
  INTERNAL: { status: 500 },
} as const satisfies Record<string, ErrorProperties>;
export type ExecutorErrorCode = keyof typeof EXECUTOR_ERRORS;

export const errorProperties = (code: ExecutorErrorCode): ErrorProperties => EXECUTOR_ERRORS[code];
