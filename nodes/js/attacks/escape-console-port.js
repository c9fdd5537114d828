// Attack: reach Node's internal message port between the worker and the runner's thread. The real
// console (from require('console'), or from the host global lodash hands out as `_root`) holds the
// worker's stdout stream, whose kPort symbol is that port; messages posted on it would make the runner
// report a memory violation that never happened, a failure in the attacker's words, or crash it.
// Cites: a finding of this project's own review; Node's lib/internal/worker/io.js (WritableWorkerStdio).
// expect: result
// result: {"requiredIsSandbox": true, "hostIsSandbox": true, "stdout": "undefined", "symbols": 0}
const required = require('console');
const host = require('lodash/_root');
const stdout = required._stdout ?? host.console._stdout;
return {
  requiredIsSandbox: required === console,
  hostIsSandbox: host.console === console,
  stdout: typeof stdout,
  symbols: stdout ? Object.getOwnPropertySymbols(stdout).length : 0,
};
