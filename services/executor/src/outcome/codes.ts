// Every code the API can answer with: the user's violations (defined once, by the runner) and our own failures.
import protocol from '@edgeql/node-js/protocol';

export const VIOLATION_CODES = protocol.VIOLATION_CODES;
export type ViolationCode = (typeof VIOLATION_CODES)[number];

/** Failures of the request or of the service itself, never of the user's code; each with its HTTP status. */
export const EXECUTOR_ERRORS = {
  INVALID_SPEC: 400,
  INVALID_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  NOT_FOUND: 404,
  BUSY: 503,
  DOCKER_UNAVAILABLE: 503,
  IMAGE_NOT_READY: 503,
  SHUTTING_DOWN: 503,
  /** the client hung up first: nobody reads the answer; it exists for the logs and metrics */
  CLIENT_GONE: 499,
  NETWORKING_UNAVAILABLE: 503,
  SANDBOX_FAILED: 502,
  INTERNAL: 500,
} as const satisfies Record<string, number>;
export type ExecutorErrorCode = keyof typeof EXECUTOR_ERRORS;
