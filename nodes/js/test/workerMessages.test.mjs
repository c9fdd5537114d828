// The worker→runner messages: what the worker's builders make, and what the runner's check lets through.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { workerMessages, isWorkerMessage, heapUsedOf } = require('../lib/workerMessages.js');
const { violations } = require('../lib/protocol.js');

const violation = violations.dynamicCode('eval()');

describe('workerMessages', () => {
  it('builds each kind with exactly its fields', () => {
    expect(workerMessages.started(100)).toEqual({ kind: 'started', heapUsed: 100 });
    expect(workerMessages.log('warn', 'hi', 1.5)).toEqual({
      kind: 'log',
      entry: { level: 'warn', message: 'hi', time: 1.5 },
    });
    expect(workerMessages.violation(violation, 200)).toEqual({ kind: 'violation', violation, heapUsed: 200 });
    expect(workerMessages.result('{"a":1}', 300)).toEqual({ kind: 'result', json: '{"a":1}', heapUsed: 300 });
  });

  it('makes only messages the runner accepts', () => {
    for (const message of [
      workerMessages.started(1),
      ...['log', 'info', 'warn', 'error', 'debug'].map((level) => workerMessages.log(level, '', 0)),
      workerMessages.violation(violation, 1),
      workerMessages.result('null', 1),
    ]) {
      expect(isWorkerMessage(message), JSON.stringify(message)).toBe(true);
    }
  });
});

describe('isWorkerMessage', () => {
  it.each([
    ['nothing', undefined],
    ['null', null],
    ['a string', 'started'],
    ['no kind', { heapUsed: 1 }],
    ['an unknown kind', { kind: 'frame', heapUsed: 1 }],
    ['a log without an entry', { kind: 'log' }],
    ['a log of an unknown level', workerMessages.log('trace', 'x', 0)],
    ['a log whose message is not a string', workerMessages.log('log', 42, 0)],
    ['a log without a time', workerMessages.log('log', 'x', '0')],
    ['a violation of an unknown code', workerMessages.violation({ ...violation, type: 'ESCAPED' }, 1)],
    ['a violation whose message is not a string', workerMessages.violation({ ...violation, message: 1 }, 1)],
    ['a violation without details', workerMessages.violation({ ...violation, details: null }, 1)],
    ['a violation that is not one', { kind: 'violation', violation: 'DYNAMIC_CODE' }],
    ['a result whose json is not a string', { kind: 'result', json: { a: 1 }, heapUsed: 1 }],
  ])('refuses %s', (_what, message) => {
    expect(isWorkerMessage(message)).toBe(false);
  });
});

describe('heapUsedOf', () => {
  it('reads a number from any message that carries one, and nothing else', () => {
    expect(heapUsedOf(workerMessages.started(5))).toBe(5);
    expect(heapUsedOf({ kind: 'nonsense', heapUsed: 7 })).toBe(7);
    expect(heapUsedOf(workerMessages.log('log', 'x', 0))).toBeUndefined();
    expect(heapUsedOf({ heapUsed: '5' })).toBeUndefined();
    expect(heapUsedOf(null)).toBeUndefined();
  });
});
