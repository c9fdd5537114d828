// Attack: make Node's own code hand over the worker's real process. From Buffer, walk up to the host
// realm's Object.prototype and plant a getter for `noDeprecation`, which Node reads off the real process
// when Buffer() warns (DEP0005); or replace `emit` on EventEmitter.prototype, which process inherits and
// Node calls to emit that warning. Either would run user code with the real process as `this`, and its
// getBuiltinModule('fs') could write a forged frame to the runner's stdout.
// Cites: a finding of this project's own review (host-realm prototypes as a capture primitive), of the
// family of vm2's CVE-2023-37466 (host objects reached through shared prototypes).
// expect: result
// result: {"getter": "refused", "emit": "refused", "captured": false, "getBuiltinModule": "undefined"}
const hostObjectProto = Object.getPrototypeOf(Object.getPrototypeOf(Object.getPrototypeOf(Buffer.prototype)));
let captured = null;
let getter = 'planted';
try {
  Object.defineProperty(hostObjectProto, 'noDeprecation', { configurable: true, get() { captured ??= this; return undefined; } });
} catch { getter = 'refused'; }
let emit = 'replaced';
try {
  const EventEmitter = require('events');
  const original = EventEmitter.prototype.emit;
  EventEmitter.prototype.emit = function (...args) { captured ??= this; return original.apply(this, args); };
} catch { emit = 'refused'; }
Buffer(1); // DEP0005: Node reads process.noDeprecation and emits 'warning' on the real process
await new Promise((resolve) => setTimeout(resolve, 50));
return { getter, emit, captured: captured !== null, getBuiltinModule: typeof captured?.getBuiltinModule };
