import { describe, expect, it } from 'vitest';
import { preflight } from './preflight.js';

const spec = (code: string, over: Partial<Parameters<typeof preflight>[0]> = {}) => ({
  code,
  enableNetworking: false,
  enableFileSystem: false,
  allowedModules: undefined,
  ...over,
});

describe('preflight', () => {
  it('lets code through that may run: top-level await and return, lodash, dynamic requires', () => {
    for (const code of [
      'const _ = require("lodash"); return _.sum(await Promise.resolve(inputs));',
      'const name = "f" + "s"; return require(name);', // dynamic: the guard decides at run time
      'const load = (require) => require("fs"); return load((x) => x);', // the code's own require
      'var require = (x) => x; return require("fs");',
      'class Function { constructor(x) { this.x = x; } } return new Function(1).x;',
      'try { throw 1; } catch (eval) { return eval; }',
      'return (function require(x) { return x ? require(0) : "fs"; })(1);',
      'function f(eval) { return eval("x"); } return f((s) => s);',
      'return { eval: 1, Function: 2 }.eval;',
    ]) {
      expect(preflight(spec(code)), code).toBeUndefined();
    }
  });

  it('refuses a syntax error with the user’s line and column', () => {
    expect(preflight(spec('const a = 1;\nconst b = ;'))).toMatchObject({
      type: 'RUNTIME_ERROR',
      message: expect.stringMatching(/^RUNTIME_ERROR: SyntaxError: /),
      details: { name: 'SyntaxError', line: 2, column: 11, preflight: true, stack: expect.stringContaining('node.js:2:11') },
    });
  });

  it('refuses literal requires the request may not load, where they are', () => {
    expect(preflight(spec('\n  require("node:fs");'))).toMatchObject({
      type: 'RESTRICTED_MODULE',
      message: "RESTRICTED_MODULE: Access to module 'fs' is not allowed in sandbox",
      details: { module: 'fs', line: 2, column: 3 },
    });
    expect(preflight(spec('require("fs")', { enableFileSystem: true }))).toBeUndefined();
    expect(preflight(spec('require("child_process")', { enableFileSystem: true }))).toMatchObject({ type: 'RESTRICTED_MODULE' });
    expect(preflight(spec('require("crypto")', { allowedModules: ['lodash'] }))).toMatchObject({
      type: 'UNAUTHORIZED_MODULE',
      message: "UNAUTHORIZED_MODULE: Module 'crypto' not in allowed modules list",
    });
  });

  it('refuses eval and the Function constructor called by name', () => {
    expect(preflight(spec('return eval("1 + 1");'))).toMatchObject({
      type: 'DYNAMIC_CODE',
      message: 'DYNAMIC_CODE: Dynamic code execution via eval() is not allowed',
      details: { line: 1, column: 8 },
    });
    expect(preflight(spec('return new Function("return 1")();'))).toMatchObject({
      type: 'DYNAMIC_CODE',
      details: { construct: 'Function constructor' },
    });
  });

  it('takes a few milliseconds on a large node', () => {
    const code = Array.from({ length: 5000 }, (_, i) => `const v${i} = require("lodash").sum([${i}, 1]);`).join('\n');
    const t0 = performance.now();
    expect(preflight(spec(code))).toBeUndefined();
    // not a timing assertion on the target: a guard against an accidental quadratic walk
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
