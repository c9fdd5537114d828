// Attack: a fresh unguarded require from module.createRequire, under the node: prefix and as a subpath.
// Cites: vm2 NodeVM require bypasses via createRequire (published PoCs).
// expect: RESTRICTED_MODULE
// details: {"module": "module"}
return require('node:module').createRequire('/sandbox/x.js')('child_process');
