import { describe, expect, it } from 'vitest';
import { answerOf } from '../outcome/toHttp.js';
import { ExecutionStore } from './store.js';

const store = (o: Partial<ConstructorParameters<typeof ExecutionStore>[0]> = {}) =>
  new ExecutionStore({ ttlMs: 1000, maxBytes: 1000, maxEntries: 10, ...o });

describe('ExecutionStore', () => {
  it('keeps the first answer: a second one is dropped', () => {
    const s = store();
    s.add('a');
    s.finish('a', answerOf(200, { n: 1 }));
    s.finish('a', answerOf(502, { n: 2 }), 'cancelled');
    expect(s.get('a')).toMatchObject({ state: 'finished', answer: { status: 200, bodyText: '{"n":1}' } });
  });

  it('forgets a finished answer after its time to live, and its key with it', () => {
    let now = 0;
    const s = store({ now: () => now });
    s.add('a', { idempotencyKey: 'k' });
    s.finish('a', answerOf(200, {}));
    now = 999;
    expect(s.byKey('k')?.id).toBe('a');
    now = 1001;
    expect(s.get('a')).toBeUndefined();
    expect(s.byKey('k')).toBeUndefined();
  });

  it('stays under its byte bound by dropping the oldest answers, never the one just given', () => {
    const s = store({ maxBytes: 250 });
    for (const id of ['a', 'b', 'c']) {
      s.add(id);
      s.finish(id, answerOf(200, { pad: 'x'.repeat(100) }));
    }
    expect(s.get('a')).toBeUndefined();
    expect(s.get('b')?.answer).toBeDefined();
    expect(s.get('c')?.answer).toBeDefined();
    expect(s.bytes).toBeLessThanOrEqual(250);
  });

  it('refuses a new execution only when every kept one is unfinished', () => {
    const s = store({ maxEntries: 2 });
    expect(s.add('a')).toBeTruthy();
    expect(s.add('b')).toBeTruthy();
    expect(s.add('c')).toBe(false);
    s.finish('a', answerOf(200, {}));
    expect(s.add('c')).toBeTruthy();
    expect(s.get('a')).toBeUndefined();
  });

  it('wakes a waiter at the answer, and lets one go at its deadline without it', async () => {
    const s = store();
    s.add('a');
    s.add('b');
    const waiting = s.wait('a', 10_000);
    s.finish('a', answerOf(200, { ok: true }));
    expect((await waiting)?.state).toBe('finished');
    const t0 = Date.now();
    expect((await s.wait('b', 50))?.state).toBe('queued');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(40);
  });
});
