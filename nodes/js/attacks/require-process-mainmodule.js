// Attack: process.mainModule.require and process.getBuiltinModule, the loader reachable from process.
// Cites: vm2 README "known escapes" (process.mainModule.require('child_process')).
// expect: RUNTIME_ERROR
// message: ^RUNTIME_ERROR: TypeError: Cannot read properties of undefined \(reading 'require'\)$
if (typeof process.getBuiltinModule === 'function') return process.getBuiltinModule('child_process');
return process.mainModule.require('child_process');
