// Attack: compile a WebAssembly module (JSPI's WebAssembly.Suspending/promising wrap host promises into
// wasm stacks) through the sandbox's WebAssembly and through the host global's.
// Cites: the 2026 vm2 advisory on WebAssembly JSPI ("WebAssembly.promising and Suspending wrappers expose
// host promise machinery to sandboxed code").
// expect: DYNAMIC_CODE
// details: {"construct": "WebAssembly compilation"}
const header = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
const hostGlobal = require('lodash').mixin.call(undefined, {});
if (typeof WebAssembly.Suspending === 'function') new WebAssembly.Suspending(async () => 1);
try { await hostGlobal.WebAssembly.instantiate(header); } catch {}
await WebAssembly.instantiate(header);
return 'compiled';
