// What a user sees of a thrown value: name, message, and only their own frames.
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { describeThrown } = require('../lib/worker/describeError.js');
const { wrapUserCode } = require('../lib/worker/wrapUserCode.js');

const thrownBy = async (code) => {
  const { source, lineOffset } = wrapUserCode(code);
  const node = new vm.Script(source, { filename: 'node.js', lineOffset }).runInNewContext({ helper: (f) => f() });
  return node().then(
    () => undefined,
    (e) => e,
  );
};

describe('describeThrown', () => {
  it('keeps the name, the message and the user frames only', async () => {
    const v = describeThrown(await thrownBy('const x = 1;\nhelper(() => {\n  throw new TypeError("nope");\n});'));
    expect(v.type).toBe('RUNTIME_ERROR');
    expect(v.message).toBe('RUNTIME_ERROR: TypeError: nope');
    expect(v.details.name).toBe('TypeError');
    expect(v.details.stack.split('\n')).toEqual(['TypeError: nope', '    at node.js:3:9', '    at node (node.js:2:1)']);
  });

  it.each([
    ['a string', 'boom', 'RUNTIME_ERROR: Error: boom'],
    ['a plain object', { code: 42 }, 'RUNTIME_ERROR: Error: { code: 42 }'],
    ['a number', 7, 'RUNTIME_ERROR: Error: 7'],
    ['null', null, 'RUNTIME_ERROR: Error: null'],
    ['undefined', undefined, 'RUNTIME_ERROR: Error: undefined'],
    ['an object with a message', { name: 'Custom', message: 'went wrong' }, 'RUNTIME_ERROR: Custom: went wrong'],
  ])('gives %s a sensible message', (_what, thrown, message) => {
    expect(describeThrown(thrown).message).toBe(message);
  });

  it('survives getters and traps that throw', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
        getPrototypeOf() {
          throw new Error('trap');
        },
      },
    );
    const err = new Error('x');
    Object.defineProperty(err, 'name', {
      get() {
        throw new Error('getter');
      },
    });
    expect(describeThrown(hostile).type).toBe('RUNTIME_ERROR');
    expect(describeThrown(err).message).toBe('RUNTIME_ERROR: Error: x');
  });

  it('points a syntax error at the user line', () => {
    const { source, lineOffset } = wrapUserCode('const a = 1;\nfoo bar;');
    let err;
    try {
      new vm.Script(source, { filename: 'node.js', lineOffset });
    } catch (e) {
      err = e;
    }
    const v = describeThrown(err);
    expect(v.message).toBe("RUNTIME_ERROR: SyntaxError: Unexpected identifier 'bar'");
    expect(v.details.stack).toContain('    at node.js:2');
  });

  // A thrown value's shape decides nothing: a Function constructor refuses and reports where it stands
  // (that route's DYNAMIC_CODE is runner.security.test.mjs's, "the real Function behind a stand-in").
  it.each([
    ['V8’s own refusal to compile a string', new EvalError('Code generation from strings disallowed for this context')],
    ['a plain object shaped like it', { name: 'EvalError', message: 'Code generation from strings disallowed for this context' }],
    ['an object shaped like a guard’s violation', { type: 'DYNAMIC_CODE', name: 'EvalError', message: 'DYNAMIC_CODE: x' }],
  ])('describes %s as a RUNTIME_ERROR, nothing else', (_what, thrown) => {
    const v = describeThrown(thrown);
    expect(v.type).toBe('RUNTIME_ERROR');
    expect(v.details.name).toBe('EvalError');
  });

  it('keeps the message under the service’s 10,000 characters', () => {
    const v = describeThrown(new Error('x'.repeat(50_000)));
    expect(v.message.length).toBeLessThan(10_000);
  });
});
