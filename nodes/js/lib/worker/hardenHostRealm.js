'use strict';
// Hardens the worker's own host realm, the one this module is loaded in, whose objects user code holds
// (Buffer, timer handles, required modules): its intrinsics and the host objects handed out frozen, the
// prototypes of Node's privileged objects locked, the real process stripped of what an escape would want,
// and last the host global's data properties fixed.

const vm = require('node:vm');
const { CONTROL_CALLS } = require('./processFacade');
const { freezeIntrinsics, lockCodeGeneration, tameOverride } = require('./realmLocks');

// Globals that may be lazy (getters on Node 20), whose classes are locked all the same: the worker's internal
// port is one of them.
const MESSAGING_CLASSES = ['MessagePort', 'MessageChannel', 'BroadcastChannel', 'MessageEvent'];
// Members of the worker's real process no code of the runner's calls, and that an escape would want:
// every call the facade reports as PROCESS_CONTROL (one list, so a new one is stripped here too), but those
// Node's own worker exit needs, and two that hand out modules or the runner's stdin.
const KEPT_FOR_NODE = ['exit', 'reallyExit', '_kill'];
const PROCESS_POWERS = [...CONTROL_CALLS.filter((name) => !KEPT_FOR_NODE.includes(name)), 'getBuiltinModule', 'openStdin'];

/**
 * Hardens the realm this module was loaded in, the worker's host realm, while the worker waits for its
 * job: everything but WebAssembly, which finishHostRealm locks once fetch's parser is compiled (a job with
 * networking compiles it first: lib/worker/prepareFetch.js).
 *
 * User code holds host objects (Buffer, timer handles, required modules, what lodash returns), and from
 * any of them this realm's Function constructors and prototypes are a walk away. The process flag already
 * stops the constructors compiling; lockCodeGeneration makes the attempt a reported violation. Left
 * writable, a getter planted on the host's Object.prototype, or an `emit` replaced on
 * EventEmitter.prototype, is later called by Node's own code with the real process (or a Module, a
 * stream) as `this`: a way out of the guard. So:
 * - the language's intrinsics of this realm, and the host objects handed to user code, are frozen as
 *   in the user's realm (the names are those a fresh vm context has: the language's own);
 * - the Node prototypes that privileged objects inherit from (process's, EventEmitter's, the streams',
 *   those of the classes on the host global, MessagePort's among them) keep their methods fixed and
 *   take no new properties; their plain data fields (`_events`) stay writable, as every instance's
 *   construction needs;
 * - the real process loses the calls an escape would want and the runner never makes.
 *
 * @param reportDynamicCode (construct) => Error: reports the violation, returns the error to throw
 * @param handedOut the host objects user code is handed, from the manifest (hostObjectsHandedOut in
 *   sandboxGlobals.js): frozen with everything reachable from them
 */
function hardenHostRealm(reportDynamicCode, handedOut) {
  lockCodeGeneration(reportDynamicCode, { constructors: true, wasm: false });
  const languageNames = new vm.Script('Object.getOwnPropertyNames(globalThis)').runInNewContext().filter((name) => name !== 'WebAssembly');
  freezeIntrinsics({ tameOverride, globalNames: languageNames, extraRoots: handedOut });

  const EventEmitter = require('node:events');
  const stream = require('node:stream');
  const lockable = [Object.getPrototypeOf(process), EventEmitter, EventEmitter.prototype, stream];
  for (const name of ['Stream', 'Readable', 'Writable', 'Duplex', 'Transform', 'PassThrough']) {
    lockable.push(stream[name], stream[name].prototype);
  }
  // Node's classes on the host global, and the lazily defined ones of the messaging family: the worker's
  // internal port to the runner's thread is a MessagePort, and Node looks its postMessage (and its
  // hybrid-dispatch hook) up on the prototype at call time.
  const classes = Reflect.ownKeys(globalThis).map((key) => Object.getOwnPropertyDescriptor(globalThis, key).value);
  for (const name of MESSAGING_CLASSES) classes.push(globalThis[name]);
  for (const value of classes) {
    if (typeof value !== 'function' || typeof value.prototype !== 'object' || value.prototype === null) continue;
    for (let proto = value.prototype; proto !== null && !Object.isFrozen(proto); proto = Object.getPrototypeOf(proto)) {
      lockable.push(proto);
    }
  }
  for (const object of new Set(lockable)) lockMethods(object);

  // The permission model pins some (process.binding) as its own refusing stand-ins: those stay.
  for (const name of PROCESS_POWERS) {
    if (Object.getOwnPropertyDescriptor(process, name)?.configurable) delete process[name];
  }
}

/**
 * With the job, before user code runs: WebAssembly compilation refused, with networking or without (user
 * code reaches this realm's WebAssembly through the host global), then WebAssembly frozen.
 */
function finishHostRealm(reportDynamicCode) {
  lockCodeGeneration(reportDynamicCode, { constructors: false, wasm: true });
  freezeIntrinsics({ tameOverride, globalNames: ['WebAssembly'], stopAtFrozen: true });
}

/**
 * The host global's own data properties become fixed (its accessors, Node's lazy globals, stay as they
 * are): user code reaches this global (lodash's `_root`, a sloppy function called without a receiver),
 * and code of the runner's, Node's and the packages' looks `Object`, `Math` or `JSON` up on it at call
 * time. Last of the set-up, once the sandbox's own `process`, `fetch` and `console` are in place.
 */
function lockHostGlobal() {
  for (const key of Reflect.ownKeys(globalThis)) {
    const desc = Object.getOwnPropertyDescriptor(globalThis, key);
    if (desc.configurable && 'value' in desc) Object.defineProperty(globalThis, key, { writable: false, configurable: false });
  }
}

/**
 * Every method of `object` becomes fixed (tameOverride: instances still override methods by assignment,
 * as Transform's constructor does with `this._transform`), `constructor` a fixed data property, and the
 * object takes no new properties; data fields stay as they are.
 */
function lockMethods(object) {
  for (const key of Reflect.ownKeys(object)) {
    const desc = Object.getOwnPropertyDescriptor(object, key);
    if (!desc.configurable || typeof desc.value !== 'function') continue;
    if (key === 'constructor') Object.defineProperty(object, key, { writable: false, configurable: false });
    else tameOverride(object, key);
  }
  Object.preventExtensions(object);
}

module.exports = { hardenHostRealm, finishHostRealm, lockHostGlobal };
