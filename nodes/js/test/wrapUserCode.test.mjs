// wrapUserCode: the wrapper that makes `return` and `await` legal and keeps the user's line numbers.
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { USER_FILENAME, NODE_PARAMETERS, wrapUserCode } = require('../lib/worker/wrapUserCode.js');

const compile = (code) => {
  const { source, lineOffset } = wrapUserCode(code);
  return new vm.Script(source, { filename: USER_FILENAME, lineOffset }).runInNewContext();
};

describe('wrapUserCode', () => {
  it('makes an async function of the four node parameters', () => {
    const { source } = wrapUserCode('return 1;');
    expect(source).toBe('(async function node(inputs, params, require, console) {\nreturn 1;\n})');
    expect(NODE_PARAMETERS).toEqual(['inputs', 'params', 'require', 'console']);
  });

  it('allows return and await at the top level of the body', async () => {
    const node = compile('const x = await Promise.resolve(inputs.a);\nreturn x + params.b;');
    await expect(node({ a: 1 }, { b: 2 })).resolves.toBe(3);
  });

  it('numbers stack lines as the user wrote them', async () => {
    const node = compile('const a = 1;\n\nthrow new Error("line three");');
    const err = await node().catch((e) => e);
    expect(err.stack).toMatch(/\n\s+at node \(node\.js:3:7\)/);
  });

  it('keeps a trailing line comment from swallowing the closing brace', async () => {
    await expect(compile('return 5; // done')()).resolves.toBe(5);
  });
});
