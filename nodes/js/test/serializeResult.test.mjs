// The return value as JSON: what is refused, where, and the size limit.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { serializeResult } = require('../lib/worker/serializeResult.js');

const MAX = 1024;

describe('serializeResult', () => {
  it.each([
    [{ a: [1, 'two', null, true] }, '{"a":[1,"two",null,true]}'],
    [undefined, 'null'],
    [{ keep: 1, dropped: undefined }, '{"keep":1}'],
    [new Date(0), '"1970-01-01T00:00:00.000Z"'],
    [{ toJSON: () => ({ shaped: true }) }, '{"shaped":true}'],
  ])('%j serializes as %s', (value, json) => {
    expect(serializeResult(value, MAX)).toEqual({ json });
  });

  it.each([
    ['a BigInt as the result', 10n],
    ['a BigInt at key "big"', { big: 1n }],
    ['a function as the result', () => 1],
    ['a function at key "f"', { nested: { f() {} } }],
    ['a symbol at index 1', [1, Symbol('s')]],
    ['a BigInt as the result', { toJSON: () => 5n }],
  ])('refuses %s', (reason, value) => {
    expect(serializeResult(value, MAX)).toEqual({
      violation: { type: 'INVALID_RESULT', message: `INVALID_RESULT: Result is not JSON-serializable: ${reason}`, details: { reason } },
    });
  });

  it('refuses a cycle and says which property closes it', () => {
    const a = { b: {} };
    a.b.back = a;
    expect(serializeResult(a, MAX).violation.details.reason).toBe("a circular structure (property 'back' closes the circle)");
    const list = [1, {}];
    list[1].again = [list];
    expect(serializeResult(list, MAX).violation.details.reason).toBe('a circular structure (index 0 closes the circle)');
  });

  it('takes an object met twice on different branches, which is no cycle', () => {
    const shared = { n: 1 };
    expect(serializeResult({ a: shared, b: [shared, shared] }, MAX)).toEqual({ json: '{"a":{"n":1},"b":[{"n":1},{"n":1}]}' });
  });

  it('takes nesting up to its depth limit', () => {
    let deep = [];
    for (let i = 1; i < 1000; i++) deep = [deep];
    expect(serializeResult(deep, 1e6).json).toHaveLength(2000);
  });

  // What user code throws is user code's, however it is worded: the replacer alone decides a refusal.
  it.each([
    ['a RangeError worded as a stack overflow', () => new RangeError('Maximum call stack size exceeded')],
    ['a TypeError worded as a cycle', () => new TypeError("Converting circular structure to JSON\n    --- property 'x' closes the circle")],
  ])('lets %s from toJSON through', (_what, make) => {
    const thrown = make();
    expect(() =>
      serializeResult(
        {
          toJSON() {
            throw thrown;
          },
        },
        MAX,
      ),
    ).toThrow(thrown);
  });

  it('refuses a result over the size limit, counting UTF-8 bytes', () => {
    expect(serializeResult('é'.repeat(600), MAX)).toEqual({
      violation: {
        type: 'OUTPUT_LIMIT',
        message: 'OUTPUT_LIMIT: Result size (1202 bytes) exceeded limit of 1024 bytes',
        details: { output: 'result', size: 1202, limit: 1024 },
      },
    });
  });

  it('refuses a value nested deeper than JSON.stringify can walk', () => {
    let deep = [];
    for (let i = 0; i < 1e6; i++) deep = [deep];
    expect(serializeResult(deep, MAX).violation).toMatchObject({
      type: 'INVALID_RESULT',
      details: { reason: 'nested too deeply to serialize' },
    });
  });

  it('lets what user code throws during serialization through', () => {
    const boom = new RangeError('from toJSON');
    expect(() =>
      serializeResult(
        {
          toJSON() {
            throw boom;
          },
        },
        MAX,
      ),
    ).toThrow(boom);
  });

  it('does not mistake a user-thrown circular-looking error for a cycle', () => {
    const thrown = { message: 'Converting circular structure to JSON' };
    expect(() =>
      serializeResult(
        {
          toJSON() {
            throw thrown;
          },
        },
        MAX,
      ),
    ).toThrow();
  });
});
