// The user realm's hardening in a fresh vm context: what it refuses, what it reports, and what keeps working.
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { hardenUserRealm } = require('../lib/worker/hardenUserRealm.js');

function hardened() {
  const reported = [];
  const context = vm.createContext(Object.create(null), { codeGeneration: { strings: false, wasm: false } });
  const ContextError = vm.runInContext('Error', context);
  hardenUserRealm(context, (construct) => {
    reported.push(construct);
    return new ContextError(`refused ${construct}`);
  });
  const run = (code) => vm.runInContext(code, context);
  return { run, reported };
}

// The context's TypeError is not this realm's, so match the message.
const READ_ONLY = /Cannot assign to read only property|Cannot redefine property/;
const WASM_HEADER = 'new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])';

describe('hardenUserRealm', () => {
  it.each([
    ["eval('1')", 'eval()'],
    ["(0, eval)('1')", 'eval()'],
    ["globalThis.eval('1')", 'eval()'],
    ["Function('return 1')", 'Function constructor'],
    ["new Function('return 1')", 'Function constructor'],
    ["(() => {}).constructor('return 1')", 'Function constructor'],
    ["this.constructor.constructor('return 1')", 'Function constructor'],
    ["Reflect.construct(Function, ['return 1'])", 'Function constructor'],
    ["(async () => {}).constructor('return 1')", 'AsyncFunction constructor'],
    ["(function* () {}).constructor('yield 1')", 'GeneratorFunction constructor'],
    ["(async function* () {}).constructor('yield 1')", 'AsyncGeneratorFunction constructor'],
    [`WebAssembly.compile(${WASM_HEADER})`, 'WebAssembly compilation'],
    [`WebAssembly.instantiate(${WASM_HEADER})`, 'WebAssembly compilation'],
    [`new WebAssembly.Module(${WASM_HEADER})`, 'WebAssembly compilation'],
    ['new WebAssembly.Instance({})', 'WebAssembly compilation'],
    [`WebAssembly.Module.prototype.constructor(${WASM_HEADER})`, 'WebAssembly compilation'],
  ])('%s is refused and reported as %s', (code, construct) => {
    const { run, reported } = hardened();
    expect(() => run(code)).toThrow(`refused ${construct}`);
    expect(reported).toEqual([construct]);
  });

  it('leaves typeof, instanceof and ordinary functions working', () => {
    const { run } = hardened();
    expect(
      run(`[
        typeof Function, (() => {}) instanceof Function, (async () => {}) instanceof Function,
        Function.prototype.constructor === Function, Function.name, [3, 1, 2].sort((a, b) => a - b).join(),
        WebAssembly.validate(${WASM_HEADER}), typeof WebAssembly.Memory,
      ]`),
    ).toEqual(['function', true, true, true, 'Function', '1,2,3', true, 'function']);
  });

  it('locks the stand-ins in place', () => {
    const { run } = hardened();
    expect(() => run("'use strict'; Function.prototype.constructor = function () {}")).toThrow(READ_ONLY);
    expect(() => run("'use strict'; globalThis.eval = (x) => x")).toThrow(READ_ONLY);
    expect(() => run("Object.defineProperty(globalThis, 'Function', { value: 1 })")).toThrow(READ_ONLY);
  });

  it('keeps Error.prepareStackTrace unset and the Error binding fixed', () => {
    const { run } = hardened();
    expect(() => run("'use strict'; Error.prepareStackTrace = (e, frames) => frames")).toThrow(READ_ONLY);
    expect(() => run("'use strict'; globalThis.Error = { prepareStackTrace: () => 'hijacked' }")).toThrow(READ_ONLY);
    expect(run("Error.prepareStackTrace = () => 'hijacked'; typeof new Error('x').stack")).toBe('string');
  });

  it('leaves Error.captureStackTrace usable for custom errors', () => {
    const { run } = hardened();
    expect(
      run('class E extends Error { constructor() { super("m"); Error.captureStackTrace(this, E); } } new E().stack.split("\\n")[0]'),
    ).toBe('Error: m');
  });

  it('freezes the intrinsics, while instances can still override toString, name and message', () => {
    const { run } = hardened();
    expect(
      run(`
        Array.prototype.evil = 1; Object.prototype.then = () => {}; Promise.prototype.then = null;
        const e = new Error('x'); e.name = 'Custom'; e.message = 'y';
        const o = {}; o.toString = () => 'mine';
        [Object.isFrozen(Array.prototype), Object.isFrozen(Object.getPrototypeOf(function* () {}).prototype),
         [].evil, ({}).then, typeof Promise.prototype.then, e.name, e.message, String(o), Object.isExtensible(globalThis)]
      `),
    ).toEqual([true, true, undefined, undefined, 'function', 'Custom', 'y', 'mine', true]);
    expect(() => run("'use strict'; Object.prototype.toString = () => 'x'")).toThrow(/frozen built-in/);
  });

  // Node 22 to 24 brought the language more built-ins, some only reachable by calling something.
  it.each([
    ['the iterator helpers’ prototype', 'Object.getPrototypeOf([].values().map((x) => x))'],
    ['Iterator.from’s wrapper prototype', 'Object.getPrototypeOf(Iterator.from({ next: () => ({ done: true }) }))'],
    ['Iterator.prototype', 'Iterator.prototype'],
    ['Intl.Segmenter’s segments', "Object.getPrototypeOf(new Intl.Segmenter().segment('a'))"],
    ['Intl.Segmenter’s segment iterator', "Object.getPrototypeOf(new Intl.Segmenter().segment('a')[Symbol.iterator]())"],
    ['DisposableStack.prototype', 'DisposableStack.prototype'],
    ['AsyncDisposableStack.prototype', 'AsyncDisposableStack.prototype'],
    ['SuppressedError.prototype', 'SuppressedError.prototype'],
    ['Float16Array.prototype', 'Float16Array.prototype'],
  ])('freezes %s', (_, expression) => {
    const { run } = hardened();
    expect(run(`Object.isFrozen(${expression})`)).toBe(true);
  });
});
