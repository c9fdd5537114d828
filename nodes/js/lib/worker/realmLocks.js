// biome-ignore-all lint/complexity/useArrowFunction: the roots are the intrinsics a function expression reaches, arrows reach fewer
// biome-ignore-all lint/complexity/noArguments: the strict arguments object is the root of %ThrowTypeError%
'use strict';
// The locks that run inside the realm they harden: lockCodeGeneration, freezeIntrinsics and tameOverride.
// For the user's vm context each is recompiled there from its own source text, so that everything it
// installs belongs to that realm; that is why each must stay self-contained, using nothing from this
// module or any other, only what the realm it runs in provides (and takes that when it runs, during
// set-up). The worker's own host realm calls the same functions directly.

/**
 * Takes away, in the realm it runs in, every way to compile code at run time and the stack-trace hook
 * that lets code collect the receivers of host frames; each attempt is reported as DYNAMIC_CODE, even
 * when the user catches the error.
 * The stand-ins are Proxies over the originals: `typeof`, `instanceof Function`, `.name` and
 * `.prototype` answer as before, while calling or constructing one throws.
 *
 * @param reportDynamicCode (construct) => Error: reports the violation, returns the error to throw
 * @param parts.constructors the Function constructors, eval and the stack-trace hook
 * @param parts.wasm WebAssembly compilation (apart: the host realm keeps it when fetch needs it)
 */
function lockCodeGeneration(reportDynamicCode, parts) {
  // biome-ignore lint/suspicious/noRedundantUseStrict: recompiled alone in a vm context, it is strict only by this line
  'use strict';
  const { defineProperty, getPrototypeOf, setPrototypeOf } = Object;
  const lock = (target, key, value) => defineProperty(target, key, { value, writable: false, enumerable: false, configurable: false });
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
    // The other three inherit from %Function% itself, and a stand-in answers getPrototypeOf with its
    // original's: Object.getPrototypeOf((async () => {}).constructor) would be the real Function, whose
    // refusal (V8's EvalError) no guard sees. They inherit from its stand-in instead, which refuses and
    // reports as the others do, and otherwise answers as Function does.
    for (const [original] of constructors.slice(1)) setPrototypeOf(original, Function.prototype.constructor);
    // Only the original eval can be a direct eval; a call to this one is an ordinary call.
    lock(
      globalThis,
      'eval',
      {
        eval() {
          throw reportDynamicCode('eval()');
        },
      }.eval,
    );

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
 * Runs inside the context after lockCodeGeneration: freezes every intrinsic reachable from its global
 * object and from the hidden intrinsics (iterator, generator and async prototypes), so user code cannot
 * rewrite what host code calls on the context's objects (a replaced Promise.prototype.then, or an
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
  // biome-ignore lint/suspicious/noRedundantUseStrict: recompiled alone in a vm context, it is strict only by this line
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
    [][Symbol.iterator](),
    new Map().entries(),
    new Set().values(),
    ''[Symbol.iterator](),
    'a'.matchAll(/a/g),
    (function* () {})(),
    (async function* () {})(),
    async function () {},
    function* () {},
    async function* () {},
    Object.getPrototypeOf(Int8Array),
    // Reached only by calling, as the iterators above: the iterator helpers' two prototypes (V8 12, Node
    // 22 on), and Intl.Segmenter's segments and their iterator.
    ...(typeof Iterator === 'function' ? [[].values().map((x) => x), Iterator.from({ next: () => ({ done: true }) })] : []),
    ...(typeof Intl === 'object' && typeof Intl.Segmenter === 'function'
      ? [new Intl.Segmenter().segment(''), new Intl.Segmenter().segment('')[Symbol.iterator]()]
      : []),
    (function () {
      return getOwnPropertyDescriptor(arguments, 'callee').get;
    })(),
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
 * others here (it is recompiled in a vm context too); what it calls is taken when it runs, during set-up.
 */
function tameOverride(proto, key) {
  // biome-ignore lint/suspicious/noRedundantUseStrict: recompiled alone in a vm context, it is strict only by this line
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

module.exports = { lockCodeGeneration, freezeIntrinsics, tameOverride };
