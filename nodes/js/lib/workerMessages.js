'use strict';
// The messages the sandbox worker posts to the runner's main thread, one per event as it happens: built
// here by the worker (sandboxWorker.js) and checked here by the runner (SandboxRunner.js), which takes
// no field of one on trust, since the worker is where user code runs.
//
//   { kind: 'started', heapUsed }              user code is about to run: the runner's clock starts
//   { kind: 'log', entry }                     one console call, as a protocol LogEntry
//   { kind: 'violation', violation, heapUsed } a guard refused something, or the run failed
//   { kind: 'result', json, heapUsed }         the return value, serialized and within its size limit
//
// heapUsed is the worker's heap in use, in bytes, when the message was posted.

const { LOG_LEVELS, VIOLATION_CODES } = require('./protocol');

const workerMessages = Object.freeze({
  started: (heapUsed) => ({ kind: 'started', heapUsed }),
  /** time: milliseconds since the user code started */
  log: (level, message, time) => ({ kind: 'log', entry: { level, message, time } }),
  violation: (violation, heapUsed) => ({ kind: 'violation', violation, heapUsed }),
  result: (json, heapUsed) => ({ kind: 'result', json, heapUsed }),
});

/** Whether `message` is one of the kinds above with every field the runner reads as it should be. */
function isWorkerMessage(message) {
  switch (message?.kind) {
    case 'started':
      return true;
    case 'log':
      return isLogEntry(message.entry);
    case 'violation':
      return isViolation(message.violation);
    case 'result':
      return typeof message.json === 'string';
    default:
      return false;
  }
}

/** The heapUsed a message carries, whatever its kind, or undefined. */
function heapUsedOf(message) {
  return typeof message?.heapUsed === 'number' ? message.heapUsed : undefined;
}

const isLogEntry = (entry) => LOG_LEVELS.includes(entry?.level) && typeof entry.message === 'string' && typeof entry.time === 'number';

const isViolation = (violation) =>
  VIOLATION_CODES.includes(violation?.type) &&
  typeof violation.message === 'string' &&
  typeof violation.details === 'object' &&
  violation.details !== null;

module.exports = { workerMessages, isWorkerMessage, heapUsedOf };
