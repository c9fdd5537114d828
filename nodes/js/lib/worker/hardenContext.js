'use strict';
// Takes away, in one realm, every way to compile code at run time and the stack-trace hook that lets
// code collect the receivers of host frames. Each attempt is reported as DYNAMIC_CODE, even when the
// user catches the error. In the user's own realm it then freezes the intrinsics.

const vm = require('node:vm');

/**
 * Runs inside the realm it hardens, so everything it installs belongs to that realm: for a vm context
 * it is recompiled there from its own source, which is why it must not use anything from this module.
 * The stand-ins are Proxies over the originals: `typeof`, `instanceof Function`, `.name` and
 * `.prototype` answer as before, while calling or constructing one throws.
 *
 * @param reportDynamicCode (construct) => Error: reports the violation, returns the error to throw
 * @param parts.constructors the Function constructors, eval and the stack-trace hook
 * @param parts.wasm WebAssembly compilation (apart: the host realm keeps it when fetch needs it)
 */
function prelude(reportDynamicCode, parts) {
  'use strict';
  const { defineProperty, getPrototypeOf } = Object;
  const lock = (target, key, value) =>
    defineProperty(target, key, { value, writable: false, enumerable: false, configurable: false });
  const refuse = (original, construct) =>
    new Proxy(original, {
      apply() {
        throw reportDynamicCode(construct);
      },
      construct() {
        throw reportDynamicCode(construct);
      },
    });

  if (parts.constructors) lockConstructors();
  if (parts.wasm) lockWasm();

  function lockConstructors() {
  // Every function reaches its constructor through `.constructor` on its prototype chain.
  const constructors = [
    [Function, 'Function constructor'],
    [getPrototypeOf(async function () {}).constructor, 'AsyncFunction constructor'],
    [getPrototypeOf(function* () {}).constructor, 'GeneratorFunction constructor'],
    [getPrototypeOf(async function* () {}).constructor, 'AsyncGeneratorFunction constructor'],
  ];
  for (const [original, construct] of constructors) lock(original.prototype, 'constructor', refuse(original, construct));
  lock(globalThis, 'Function', Function.prototype.constructor);
  // Only the original eval can be a direct eval; a call to this one is an ordinary call.
  lock(globalThis, 'eval', {
    eval() {
      throw reportDynamicCode('eval()');
    },
  }.eval);

  // Node formats every error with `globalThis.Error.prepareStackTrace` of the error's realm, or the
  // main realm's, and hands it call sites whose getThis()/getFunction() expose host objects, the host
  // global among them. Locked as undefined, with the binding of `Error` itself, no one can install it.
  // captureStackTrace keeps working for custom errors, but cannot be swapped for a function of the
  // user's that other code would then call.
  lock(Error, 'prepareStackTrace', undefined);
  lock(Error, 'captureStackTrace', Error.captureStackTrace);
  lock(globalThis, 'Error', Error);
  }

  function lockWasm() {
    const wasm = WebAssembly;
    for (const name of ['compile', 'compileStreaming', 'instantiate', 'instantiateStreaming']) {
      if (typeof wasm[name] === 'function') lock(wasm, name, refuse(wasm[name], 'WebAssembly compilation'));
    }
    for (const name of ['Module', 'Instance']) {
      const guard = refuse(wasm[name], 'WebAssembly compilation');
      lock(wasm[name].prototype, 'constructor', guard);
      lock(wasm, name, guard);
    }
  }
}

/**
 * Runs inside the context after the prelude: freezes every intrinsic reachable from its global object and
 * from the hidden intrinsics (iterator, generator and async prototypes), so user code cannot rewrite
 * what host code calls on the context's objects (a replaced Promise.prototype.then, or an
 * Object.prototype.then, would be called by the host with its own resolve functions). The global
 * object itself stays extensible: sloppy code may still create globals.
 *
 * Freezing a prototype makes `instance.toString = f` fail silently in sloppy code (the "override
 * mistake"); the properties ordinary code overrides on its own objects become accessors whose setter
 * defines the property on the instance, and refuses on the prototype itself (tameOverride). `constructor`
 * stays a data property: util.inspect reads its descriptor to name an object's class.
 *
 * In the host realm it is called directly, with the global names to start from, extra roots, and
 * stopAtFrozen to walk only what an earlier call left unfrozen.
 */
function freezeIntrinsics(options) {
  'use strict';
  const { tameOverride, globalNames, extraRoots = [], stopAtFrozen = false } = options;
  const { freeze, getOwnPropertyDescriptor, getPrototypeOf, hasOwn, isFrozen } = Object;
  const { ownKeys } = Reflect;
  const OVERRIDDEN_ON_INSTANCES = ['toString', 'toLocaleString', 'valueOf', 'toJSON', 'name', 'message'];
  const seen = new Set();
  const queue = [];
  const visit = (value) => {
    if ((typeof value === 'object' && value !== null) || typeof value === 'function') {
      if (!seen.has(value) && !(stopAtFrozen && isFrozen(value))) {
        seen.add(value);
        queue.push(value);
      }
    }
  };
  const roots = [
    [][Symbol.iterator](), new Map().entries(), new Set().values(), ''[Symbol.iterator](), 'a'.matchAll(/a/g),
    (function* () {})(), (async function* () {})(), async function () {}, function* () {}, async function* () {},
    Object.getPrototypeOf(Int8Array), (function () { 'use strict'; return getOwnPropertyDescriptor(arguments, 'callee').get; })(),
  ];
  for (const root of roots) visit(getPrototypeOf(root));
  for (const root of extraRoots) visit(root);
  for (const key of globalNames ?? ownKeys(globalThis)) {
    if (key === 'globalThis') continue;
    const desc = getOwnPropertyDescriptor(globalThis, key);
    if (!desc) continue;
    visit(desc.value);
    visit(desc.get);
    visit(desc.set);
  }
  for (let i = 0; i < queue.length; i++) {
    const object = queue[i];
    visit(getPrototypeOf(object));
    for (const key of ownKeys(object)) {
      const desc = getOwnPropertyDescriptor(object, key);
      visit(desc.value);
      visit(desc.get);
      visit(desc.set);
    }
  }
  for (const object of queue) {
    if (typeof object !== 'function' && hasOwn(object, 'constructor')) {
      for (const key of OVERRIDDEN_ON_INSTANCES) tameOverride(object, key);
    }
    freeze(object);
  }
}

/**
 * A data property of a prototype becomes an accessor: reading it gives the value, assigning it on an
 * instance defines it there, assigning it on the prototype itself throws. Self-contained like the
 * prelude (it is recompiled in a vm context too); what it calls is taken when it runs, during set-up.
 */
function tameOverride(proto, key) {
  'use strict';
  const { defineProperty, getOwnPropertyDescriptor } = Object;
  const desc = getOwnPropertyDescriptor(proto, key);
  if (!desc || !('value' in desc) || !desc.configurable) return;
  const { value } = desc;
  defineProperty(proto, key, {
    get() {
      return value;
    },
    set(next) {
      if (this === proto) throw new TypeError(`Cannot assign to read only property '${String(key)}' of a frozen built-in`);
      defineProperty(this, key, { value: next, writable: true, enumerable: true, configurable: true });
    },
    enumerable: desc.enumerable,
    configurable: false,
  });
}

/** Hardens a fresh vm context (created with code generation off) before any user code runs in it. */
function hardenContext(context, reportDynamicCode) {
  const install = new vm.Script(`(${prelude})`, { filename: 'hardenContext.js' }).runInContext(context);
  install(reportDynamicCode, { constructors: true, wasm: true });
  new vm.Script(`(${freezeIntrinsics})({ tameOverride: ${tameOverride} })`, { filename: 'hardenContext.js' }).runInContext(context);
}

// Host objects the sandbox hands to user code, frozen with everything reachable from them.
const HANDED_OUT = ['Buffer', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'AbortController', 'AbortSignal',
  'EventTarget', 'Event', 'structuredClone', 'atob', 'btoa', 'queueMicrotask', 'setTimeout', 'setInterval',
  'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate'];
// Lazy globals (getters) whose classes are locked all the same: the worker's internal port is one of them.
const MESSAGING_CLASSES = ['MessagePort', 'MessageChannel', 'BroadcastChannel', 'MessageEvent'];
// Members of the worker's real process no code of the runner's calls, and that an escape would want.
const PROCESS_POWERS = ['getBuiltinModule', 'binding', '_linkedBinding', 'dlopen', 'abort', 'kill', 'chdir', 'umask',
  'setuid', 'setgid', 'seteuid', 'setegid', 'setgroups', 'initgroups', '_rawDebug', 'openStdin'];

/**
 * Hardens the realm this module was loaded in, the worker's host realm, while the worker waits for its
 * job: everything but WebAssembly, which finishHostRealm settles once the job says whether fetch needs it.
 *
 * User code holds host objects (Buffer, timer handles, required modules, what lodash returns), and from
 * any of them this realm's Function constructors and prototypes are a walk away. The process flag already
 * stops the constructors compiling; the prelude makes the attempt a reported violation. Left writable, a
 * getter planted on the host's Object.prototype, or an `emit` replaced on EventEmitter.prototype, is later
 * called by Node's own code with the real process (or a Module, a stream) as `this`: a way out of the
 * guard. So:
 * - the language's intrinsics of this realm, and the host objects handed to user code, are frozen as
 *   in the user's realm (the names are those a fresh vm context has: the language's own);
 * - the Node prototypes that privileged objects inherit from (process's, EventEmitter's, the streams',
 *   those of the classes on the host global, MessagePort's among them) keep their methods fixed and
 *   take no new properties; their plain data fields (`_events`) stay writable, as every instance's
 *   construction needs;
 * - the real process loses the calls an escape would want and the runner never makes.
 */
function hardenHostRealm(reportDynamicCode) {
  prelude(reportDynamicCode, { constructors: true, wasm: false });
  const languageNames = new vm.Script('Object.getOwnPropertyNames(globalThis)')
    .runInNewContext()
    .filter((name) => name !== 'WebAssembly');
  // Read by value: some of Node's globals are lazy getters, whose descriptor alone holds no object.
  const handedOut = HANDED_OUT.filter((name) => name in globalThis).map((name) => globalThis[name]);
  const handles = [setTimeout(() => {}, 0), setImmediate(() => {})];
  clearTimeout(handles[0]);
  clearImmediate(handles[1]);
  freezeIntrinsics({ tameOverride, globalNames: languageNames, extraRoots: [...handedOut, ...handles.map((h) => Object.getPrototypeOf(h))] });

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

/** With the job: WebAssembly compilation refused unless networking (fetch) needs it, then WebAssembly frozen. */
function finishHostRealm(reportDynamicCode, { blockWasm }) {
  prelude(reportDynamicCode, { constructors: false, wasm: blockWasm });
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

module.exports = { hardenContext, hardenHostRealm, finishHostRealm, lockHostGlobal };
