// Attack: reach Node's module loader: require('module'), then Module._load and createRequire, which load
// any builtin without the guard.
// Cites: vm2 advisories on module.constructor._load and NodeVM require bypasses (GHSA-cchq-frgv-rjh5).
// expect: RESTRICTED_MODULE
// details: {"module": "module"}
const Module = require('module');
return Module._load('child_process').execSync('id').toString();
