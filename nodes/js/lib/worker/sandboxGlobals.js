'use strict';
// The manifest of the host/guest boundary: every global user code finds besides the language's own
// built-ins, and where its value comes from. Both realms are set up from it and from nothing else: the
// user realm gets exactly these globals (createSandboxGlobals), and the worker's host realm freezes every
// host object on it before the job (hostObjectsHandedOut), so a global added here is frozen with the rest,
// and createSandboxGlobals refuses to hand out one that is not. Node's other globals are absent from the
// vm context.

const { violations } = require('../protocol');
const { createProcessFacade } = require('./processFacade');
const { createSandboxTimers } = require('./sandboxTimers');

/** The worker's own object of that name, handed over as it is. */
const HOST = 'host';
/** A stand-in around the worker's own function of that name: the stand-in refuses, the host's runs. */
const WRAPPED = 'wrapped';
/** Made for the job, of host objects that stay out of user code's reach. */
const MADE = 'made';
const FETCH_FAMILY = 'the fetch family: handed out only with networking, known after the freeze';

/**
 * In the order the user realm's global receives them. Besides `name` and `from`:
 * - networking: 'only' when handed out only with networking; 'refused' when, without it, the global is a
 *   stand-in that refuses the way require('http') does;
 * - onHostGlobal: the sandbox's value replaces the host global's own too, when it is not the host's:
 *   user code reaches the host global (lodash's `_root`, a sloppy host function called without a receiver);
 * - unfrozen: why a host object is handed out as Node made it. Only these are not frozen.
 */
const MANIFEST = deepFreeze([
  // Its real console holds the worker's stdout, and through it Node's internal port to the runner's thread.
  { name: 'console', from: MADE, onHostGlobal: true },
  { name: 'process', from: MADE, onHostGlobal: true },
  // String callbacks compile code.
  { name: 'setTimeout', from: WRAPPED },
  { name: 'setInterval', from: WRAPPED },
  { name: 'setImmediate', from: WRAPPED },
  { name: 'clearTimeout', from: HOST },
  { name: 'clearInterval', from: HOST },
  { name: 'clearImmediate', from: HOST },
  { name: 'queueMicrotask', from: HOST },
  { name: 'Buffer', from: HOST },
  { name: 'URL', from: HOST },
  { name: 'URLSearchParams', from: HOST },
  { name: 'TextEncoder', from: HOST },
  { name: 'TextDecoder', from: HOST },
  { name: 'AbortController', from: HOST },
  { name: 'structuredClone', from: HOST },
  { name: 'atob', from: HOST },
  { name: 'btoa', from: HOST },
  { name: 'performance', from: MADE },
  // The fetch family goes out unfrozen: the freeze is taken while the worker waits, before the job says
  // whether it has networking, and on Node 20 Headers, Request and Response were lazy getters on the host
  // global there (reading one loads undici), left as Node made them. On Node 24 they are plain values
  // there, whose methods hardenHostRealm fixes as it does those of Node's other classes. Freezing them
  // with the job would change what user code can do with them, and is not to be made without a test of
  // fetch frozen.
  { name: 'fetch', from: HOST, networking: 'refused', onHostGlobal: true, unfrozen: FETCH_FAMILY },
  { name: 'Headers', from: HOST, networking: 'only', unfrozen: FETCH_FAMILY },
  { name: 'Request', from: HOST, networking: 'only', unfrozen: FETCH_FAMILY },
  { name: 'Response', from: HOST, networking: 'only', unfrozen: FETCH_FAMILY },
]);

// Host classes user code gets instances of through the globals above without their names: an
// AbortController's signal, and the EventTarget and Event it is built on.
const REACHED = Object.freeze(['AbortSignal', 'EventTarget', 'Event']);

/**
 * The host objects the host realm freezes, with everything reachable from them, before the job: every
 * host object on the manifest that is not marked unfrozen (a wrapped one's original too), the classes
 * reached through them, and the prototypes of the handles the timers return. Read by value: some of
 * Node's globals are lazy getters, whose descriptor alone holds no object.
 */
function hostObjectsHandedOut() {
  const names = MANIFEST.filter((e) => e.from !== MADE && e.unfrozen === undefined).map((e) => e.name);
  const objects = [...names, ...REACHED].filter((name) => name in globalThis).map((name) => globalThis[name]);
  const timeout = setTimeout(() => {}, 0);
  const immediate = setImmediate(() => {});
  clearTimeout(timeout);
  clearImmediate(immediate);
  return [...objects, Object.getPrototypeOf(timeout), Object.getPrototypeOf(immediate)];
}

/**
 * The user realm's globals, one per manifest entry the job gets, in the manifest's order. Throws when a
 * host object on the manifest is not frozen: the worker then fails before any user code runs.
 *
 * @param options.hostProcess the worker's real process (the facade reads clocks and figures from it)
 * @param options.console the sandbox console
 * @param options.enableNetworking whether fetch and its classes are the real ones
 * @param options.reportViolation (violation) => Error: reports it to the runner, returns the error to throw
 */
function createSandboxGlobals({ hostProcess, console, enableNetworking, reportViolation }) {
  const made = {
    console: () => console,
    process: () => createProcessFacade(hostProcess, reportViolation),
    performance: () => Object.freeze({ now: performance.now.bind(performance) }),
  };
  const wrapped = createSandboxTimers(reportViolation);
  const globals = {};
  for (const entry of MANIFEST) {
    const { name, from, networking } = entry;
    if (networking === 'only' && !enableNetworking) continue;
    if (networking === 'refused' && !enableNetworking) {
      globals[name] = REFUSING[name](reportViolation);
      continue;
    }
    if (from !== MADE) checkFrozen(entry);
    globals[name] = from === MADE ? made[name]() : from === WRAPPED ? wrapped[name] : globalThis[name];
  }
  return globals;
}

/** The sandbox's values that also replace the host global's own (see onHostGlobal), as [name, value]. */
function hostGlobalStandIns(globals) {
  return MANIFEST.filter(({ name, onHostGlobal }) => onHostGlobal && name in globals && globals[name] !== globalThis[name]).map(
    ({ name }) => [name, globals[name]],
  );
}

/** A host object goes out only frozen, its prototype too, unless its entry says why not. */
function checkFrozen({ name, unfrozen }) {
  if (unfrozen !== undefined) return;
  const value = globalThis[name];
  const prototype = typeof value === 'function' ? value.prototype : undefined;
  if (!Object.isFrozen(value) || (prototype !== undefined && !Object.isFrozen(prototype))) {
    throw new Error(`the sandbox would hand out ${name} unfrozen: the host realm is not hardened`);
  }
}

// With networking off, `fetch` is still there but refuses the way require('http') does, with 'fetch'
// as the module's name: the user learns why, and the attempt is reported even if caught. Headers,
// Request and Response are then absent: there is nothing to use them with.
const REFUSING = Object.freeze({
  fetch: (reportViolation) =>
    function fetch() {
      throw reportViolation(violations.restrictedModule('fetch'));
    },
});

function deepFreeze(entries) {
  for (const entry of entries) Object.freeze(entry);
  return Object.freeze(entries);
}

module.exports = { MANIFEST, REACHED, createSandboxGlobals, hostGlobalStandIns, hostObjectsHandedOut };
