'use strict';
// What user code finds in its global scope besides the language's own built-ins. Node's other globals
// are absent from the vm context.

const { violations } = require('../protocol');
const { createProcessFacade } = require('./processFacade');
const { createSandboxTimers } = require('./sandboxTimers');

/**
 * @param options.hostProcess the worker's real process (the facade reads clocks and figures from it)
 * @param options.console the sandbox console
 * @param options.enableNetworking whether fetch and its classes are the real ones
 * @param options.reportViolation (violation) => Error: reports it to the runner, returns the error to throw
 */
function createSandboxGlobals({ hostProcess, console, enableNetworking, reportViolation }) {
  return {
    console,
    process: createProcessFacade(hostProcess, reportViolation),
    ...createSandboxTimers(reportViolation),
    Buffer,
    URL,
    URLSearchParams,
    TextEncoder,
    TextDecoder,
    AbortController,
    structuredClone,
    atob,
    btoa,
    performance: Object.freeze({ now: performance.now.bind(performance) }),
    ...networkGlobals(enableNetworking, reportViolation),
  };
}

// With networking off, `fetch` is still there but refuses the way require('http') does, with 'fetch'
// as the module's name: the user learns why, and the attempt is reported even if caught. Headers,
// Request and Response are then absent: there is nothing to use them with.
function networkGlobals(enableNetworking, reportViolation) {
  if (enableNetworking) return { fetch, Headers, Request, Response };
  return {
    fetch: function fetch() {
      throw reportViolation(violations.restrictedModule('fetch'));
    },
  };
}

module.exports = { createSandboxGlobals };
