// Attack: compile WebAssembly in the worker's host realm with networking on, where it was left compilable
// for fetch's own parser (undici's llhttp is WebAssembly), through the host global lodash hands out.
// Cites: hardening review, class 3: the host realm's WebAssembly; the README's DYNAMIC_CODE row
// ("WebAssembly compilation").
// expect: DYNAMIC_CODE
// details: {"construct": "WebAssembly compilation"}
// limits: {"enableNetworking": true}
const host = require('lodash/_root');
const empty = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
let compiled = 0;
try {
  new host.WebAssembly.Module(empty);
  compiled++;
} catch {}
try {
  await host.WebAssembly.compile(empty);
  compiled++;
} catch {}
try {
  await host.WebAssembly.instantiate(empty);
  compiled++;
} catch {}
return { compiled };
