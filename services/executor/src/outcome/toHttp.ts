// The only place an answer's body is made: a RunOutcome's (200 whether the code succeeded or broke a
// rule) and an ExecutorError's (its status and Retry-After from the catalogue).
import type { ExecutorError } from './executorError.js';
import { assertNever, type RunOutcome } from './outcome.js';

/** An answer as sent, serialised once: what an asynchronous execution keeps until it is read. */
export interface Answer {
  status: number;
  bodyText: string;
  bytes: number;
  retryAfterSec?: number;
}

export function answerOf(status: number, body: unknown, retryAfterSec?: number): Answer {
  const bodyText = JSON.stringify(body);
  return { status, bodyText, bytes: Buffer.byteLength(bodyText), ...(retryAfterSec !== undefined ? { retryAfterSec } : {}) };
}

export function errorBody(executionId: string, e: ExecutorError) {
  return { executionId, success: false, error: { type: e.code, message: e.message, details: e.details ?? {} } };
}

export const errorAnswer = (executionId: string, e: ExecutorError): Answer =>
  answerOf(e.statusCode, errorBody(executionId, e), e.retryAfterSec);

export function toHttp(executionId: string, o: RunOutcome) {
  switch (o.kind) {
    case 'result':
      return { status: 200, body: { executionId, success: true, result: o.value, logs: o.logs, stats: o.stats } };
    case 'violation':
      return { status: 200, body: { executionId, success: false, error: o.violation, logs: o.logs, stats: o.stats } };
    default:
      return assertNever(o);
  }
}
