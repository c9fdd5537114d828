'use strict';
// Node's own timers for user code, minus the one form that compiles code: a string callback. These are
// the stand-ins for the three that take a callback; the clearing functions and queueMicrotask go out as
// Node made them (see the manifest in sandboxGlobals.js). The handles are Node's Timeout and Immediate
// objects, so ref/unref/refresh behave as usual.

const { violations } = require('../protocol');
const { ReflectApply } = require('./hostIntrinsics');

/** @param reportViolation (violation) => Error: reports it to the runner, returns the error to throw */
function createSandboxTimers(reportViolation) {
  const refuseStrings = (schedule) =>
    function (callback) {
      if (typeof callback === 'string') throw reportViolation(violations.dynamicCode('string timers'));
      // biome-ignore lint/complexity/noArguments: rest parameters would iterate through Array.prototype, which user code can change
      return ReflectApply(schedule, undefined, arguments);
    };
  return {
    setTimeout: refuseStrings(setTimeout),
    setInterval: refuseStrings(setInterval),
    setImmediate: refuseStrings(setImmediate),
  };
}

module.exports = { createSandboxTimers };
