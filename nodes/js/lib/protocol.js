'use strict';
// The contract between the executor service and the in-container runner: the jobs read from stdin (one
// per line; a reuse sandbox gets several), the one framed message written to stdout for each, and the
// violation codes with their wording.
// The service imports this file (package export "@edgeql/node-js/protocol"), so there is one copy.

const PROTOCOL_VERSION = 1;

// Starts the runner's one message on stdout. Record-separator bytes cannot appear in JSON output
// unescaped, so a frame can never be confused with the JSON inside it.
const FRAME = '\u001eEDGEQL-RESULT\u001e';

const VIOLATION_CODES = Object.freeze([
  'TIMEOUT',
  'MEMORY_LIMIT',
  'RESTRICTED_MODULE',
  'UNAUTHORIZED_MODULE',
  'DYNAMIC_CODE',
  'PROCESS_CONTROL',
  'OUTPUT_LIMIT',
  'INVALID_RESULT',
  'RUNTIME_ERROR',
]);

// The console methods user code has, each the `level` of the log entries it makes.
const LOG_LEVELS = Object.freeze(['log', 'info', 'warn', 'error', 'debug']);

// Modules no request can unblock.
const ALWAYS_BLOCKED_MODULES = Object.freeze([
  'child_process',
  'cluster',
  'worker_threads',
  'vm',
  'v8',
  'inspector',
  'module',
  'repl',
  'process',
  // Not in the design's list, but each one reaches past the sandbox's own realm or the framed stdout:
  'async_hooks',
  'trace_events',
  'wasi',
  'tty',
  'test',
  'diagnostics_channel',
  'sea',
  'sqlite',
  'domain',
]);
// Unblocked by `enableNetworking`.
const NETWORK_MODULES = Object.freeze(['http', 'https', 'http2', 'net', 'tls', 'dgram', 'dns']);
// Unblocked by `enableFileSystem`.
const FILE_SYSTEM_MODULES = Object.freeze(['fs']);
// The other builtins, which user code may load with no flag (an allowlist still applies). A builtin on
// none of these lists is refused as the always-blocked ones are, so one that a newer Node adds (Node 22
// to 24 brought node:sqlite, node:sea and node:test's reporters) loads only once it is put on a list.
const UNFLAGGED_BUILTIN_MODULES = Object.freeze([
  'assert',
  'buffer',
  'console',
  'constants',
  'crypto',
  'events',
  'os',
  'path',
  'perf_hooks',
  'punycode',
  'querystring',
  'readline',
  'stream',
  'string_decoder',
  'timers',
  'url',
  'util',
  'zlib',
]);

const mb = (n) => `${Number(n).toFixed(2)}MB`;
const sec = (n) => `${Number(n).toFixed(2)}s`;

/**
 * Builders for every violation: the message is the type, a colon, then the line users see;
 * details carry the figures. Both the runner and the service (OOM kill, container deadline) use these.
 */
const violations = Object.freeze({
  memoryLimit: (currentMemory, limit, peakMemory) => ({
    type: 'MEMORY_LIMIT',
    message: `MEMORY_LIMIT: Memory usage (${mb(currentMemory)}) exceeded limit of ${limit}MB`,
    details: { currentMemory: round2(currentMemory), limit, peakMemory: round2(Math.max(peakMemory, currentMemory)) },
  }),
  timeout: (currentTime, limit) => ({
    type: 'TIMEOUT',
    message: `TIMEOUT: Execution time (${sec(currentTime)}) exceeded limit of ${limit}s`,
    details: { currentTime: round2(currentTime), limit },
  }),
  restrictedModule: (module) => ({
    type: 'RESTRICTED_MODULE',
    message: `RESTRICTED_MODULE: Access to module '${module}' is not allowed in sandbox`,
    details: { module },
  }),
  unauthorizedModule: (module, allowedModules) => ({
    type: 'UNAUTHORIZED_MODULE',
    message: `UNAUTHORIZED_MODULE: Module '${module}' not in allowed modules list`,
    details: { module, allowedModules },
  }),
  dynamicCode: (construct) => ({
    type: 'DYNAMIC_CODE',
    message: `DYNAMIC_CODE: Dynamic code execution via ${construct} is not allowed`,
    details: { construct },
  }),
  processControl: (call) => ({
    type: 'PROCESS_CONTROL',
    message: `PROCESS_CONTROL: ${call} is not allowed in sandbox`,
    details: { call },
  }),
  outputLimit: (what, size, limit) => ({
    type: 'OUTPUT_LIMIT',
    message: `OUTPUT_LIMIT: ${what === 'logs' ? 'Log output' : 'Result'} size (${size} bytes) exceeded limit of ${limit} bytes`,
    details: { output: what, size, limit },
  }),
  logEntryLimit: (entries, limit) => ({
    type: 'OUTPUT_LIMIT',
    message: `OUTPUT_LIMIT: Log output (${entries} entries) exceeded limit of ${limit} entries`,
    details: { output: 'logs', entries, limit },
  }),
  invalidResult: (reason) => ({
    type: 'INVALID_RESULT',
    message: `INVALID_RESULT: Result is not JSON-serializable: ${reason}`,
    details: { reason },
  }),
  runtimeError: (name, message, stack) => ({
    type: 'RUNTIME_ERROR',
    message: `RUNTIME_ERROR: ${name}: ${message}`,
    details: { name, stack },
  }),
});

function round2(n) {
  return Math.round(Number(n) * 100) / 100;
}

/** The frame the runner writes for each job: FRAME, one line of JSON, newline. */
function encodeFrame(message) {
  return `${FRAME}${JSON.stringify({ v: PROTOCOL_VERSION, ...message })}\n`;
}

module.exports = {
  PROTOCOL_VERSION,
  FRAME,
  VIOLATION_CODES,
  LOG_LEVELS,
  ALWAYS_BLOCKED_MODULES,
  NETWORK_MODULES,
  FILE_SYSTEM_MODULES,
  UNFLAGGED_BUILTIN_MODULES,
  violations,
  encodeFrame,
  round2,
};
