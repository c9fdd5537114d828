// Attack: builtins under other names: node: prefix, subpaths, legacy underscore aliases of http.
// Cites: vm2 builtin allowlist bypasses through aliases (node:child_process, _http_client).
// expect: RESTRICTED_MODULE
// details: {"module": "_http_client"}
return new (require('_http_client').ClientRequest)('http://169.254.169.254/');
