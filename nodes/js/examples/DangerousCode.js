'use strict';
// The design's dangerous examples: node bodies the sandbox must stop. Each entry has the body, the
// request fields it needs on top of the defaults (the service's names: memoryLimit in MB, timeLimit in
// seconds, allowedModules), and the violation it must produce; the runner's tests run every one.

module.exports = {
  memoryBomb: {
    code: 'const a = []; while (true) a.push(new Array(1e6).fill(1));',
    spec: { memoryLimit: 64, timeLimit: 10 },
    expect: { type: 'MEMORY_LIMIT', message: /^MEMORY_LIMIT: Memory usage \(\d+\.\d\dMB\) exceeded limit of 64MB$/ },
  },
  networkModule: {
    code: "const http = require('http');\nreturn http.get('http://example.com');",
    spec: {},
    expect: { type: 'RESTRICTED_MODULE', message: "RESTRICTED_MODULE: Access to module 'http' is not allowed in sandbox" },
  },
  evalCall: {
    code: "return eval('1 + 1');",
    spec: {},
    expect: { type: 'DYNAMIC_CODE', message: 'DYNAMIC_CODE: Dynamic code execution via eval() is not allowed' },
  },
  unlistedModule: {
    code: "return require('crypto').randomUUID();",
    spec: { allowedModules: ['lodash'] },
    expect: { type: 'UNAUTHORIZED_MODULE', message: "UNAUTHORIZED_MODULE: Module 'crypto' not in allowed modules list" },
  },
  infiniteLoop: {
    code: 'while (true) {}',
    spec: { timeLimit: 1 },
    expect: { type: 'TIMEOUT', message: /^TIMEOUT: Execution time \(1\.\d\ds\) exceeded limit of 1s$/ },
  },
};
