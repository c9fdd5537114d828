// The pre-flight check through HTTP: what is certain to fail is refused with the same violation the
// sandbox would give, its line and column, and no container is started for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from './testConfig.js';

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp({ env: { EXECUTOR_PREFLIGHT: 'true', EXECUTOR_POOL_SIZE: '0' } });
});
afterAll(async () => {
  await t.app.close();
});

describe('pre-flight', () => {
  it.each([
    ['a syntax error', 'const x = 1;\nreturn x +;', 'RUNTIME_ERROR', { name: 'SyntaxError', line: 2, column: 11 }],
    ["require('fs') without the flag", "\nconst fs = require('fs');", 'RESTRICTED_MODULE', { module: 'fs', line: 2, column: 12 }],
    ['eval', "return eval('1');", 'DYNAMIC_CODE', { construct: 'eval()', line: 1, column: 8 }],
  ])('%s is refused before any container starts', async (_what, code, type, details) => {
    const res = await t.app.inject({ method: 'POST', url: '/execute', payload: { code } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ success: false, error: { type, details: { ...details, preflight: true } } });
    expect(await t.leftBehind()).toEqual([]);
  });

  it('lets everything else through to the sandbox', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/execute', payload: { code: 'const e = eval; return e("1");' } });
    expect(res.json()).toMatchObject({ success: false, error: { type: 'DYNAMIC_CODE' } });
    expect(res.json().error.details.preflight).toBeUndefined();
  });
});
