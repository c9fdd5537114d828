'use strict';
// Copies of the host realm's built-ins, taken when the runner loads, before any user code runs.
// User code holds host objects (Buffer, required modules, what they return) and can walk from them to
// host prototypes and rewrite String.prototype.startsWith or Array.prototype.includes. The code that
// enforces the sandbox after user code has started calls these copies, so such rewrites cannot change
// one of its decisions. Formatting code that only shapes a message does not need them.

const { apply } = Reflect;
const uncurryThis =
  (fn) =>
  (self, ...args) =>
    apply(fn, self, args);

module.exports = Object.freeze({
  ReflectApply: apply,
  ArrayIsArray: Array.isArray,
  ArrayPrototypeIncludes: uncurryThis(Array.prototype.includes),
  StringPrototypeIndexOf: uncurryThis(String.prototype.indexOf),
  StringPrototypeSlice: uncurryThis(String.prototype.slice),
  StringPrototypeStartsWith: uncurryThis(String.prototype.startsWith),
  JSONStringify: JSON.stringify,
  BufferByteLength: Buffer.byteLength,
});
