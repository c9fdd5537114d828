'use strict';
// The `process` user code sees: facts about the runtime, clocks, an empty environment, and the calls
// that would act on the real process, which are reported as PROCESS_CONTROL instead. Anything else
// Node's process has (stdin/stdout, pid, getBuiltinModule, events...) is absent.

const { violations } = require('../protocol');
const { ReflectApply } = require('./hostIntrinsics');

const SANDBOX_CWD = '/sandbox';

// Each of these would end or signal the runner, change its identity, directory or umask, load native
// code or internal bindings, or write past the framed stdout.
const CONTROL_CALLS = Object.freeze([
  'exit',
  'reallyExit',
  'abort',
  'kill',
  '_kill',
  'chdir',
  'umask',
  'setuid',
  'setgid',
  'seteuid',
  'setegid',
  'setgroups',
  'initgroups',
  'dlopen',
  'binding',
  '_linkedBinding',
  '_rawDebug',
]);

/**
 * @param hostProcess the worker's real process; only its clocks and figures are passed through
 * @param reportViolation (violation) => Error: reports it to the runner, returns the error to throw
 */
function createProcessFacade(hostProcess, reportViolation) {
  const hrtime = hostProcess.hrtime.bind(hostProcess);
  const hrtimeBigint = hostProcess.hrtime.bigint.bind(hostProcess.hrtime);
  const memoryUsage = hostProcess.memoryUsage.bind(hostProcess);
  const uptime = hostProcess.uptime.bind(hostProcess);
  const enqueue = queueMicrotask;

  const facade = {
    env: Object.freeze({}),
    argv: Object.freeze([]),
    platform: hostProcess.platform,
    arch: hostProcess.arch,
    version: hostProcess.version,
    versions: Object.freeze({ ...hostProcess.versions }),
    hrtime: Object.freeze(Object.assign((time) => hrtime(time), { bigint: () => hrtimeBigint() })),
    nextTick(callback, ...args) {
      if (typeof callback !== 'function') throw new TypeError('The "callback" argument must be of type function');
      enqueue(() => ReflectApply(callback, undefined, args));
    },
    memoryUsage: () => memoryUsage(),
    uptime: () => uptime(),
    cwd: () => SANDBOX_CWD,
  };
  for (const name of CONTROL_CALLS) {
    facade[name] = () => {
      throw reportViolation(violations.processControl(`process.${name}()`));
    };
  }
  return Object.freeze(facade);
}

module.exports = { createProcessFacade, CONTROL_CALLS };
