import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import type { Sandbox } from './sandbox.js';
import { WarmPool } from './warmPool.js';

/** The pool's bookkeeping alone; the real containers are in tests/warmPool.test.ts. */
const fakeSandbox = () => ({ idle: true, startedAtMs: Date.now(), dispose: vi.fn(async () => {}) }) as unknown as Sandbox;
const until = async (ok: () => boolean) => {
  for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('WarmPool', () => {
  it('is not warm before a shape is pinned, and is once the pinned shape has an idle sandbox', async () => {
    const pool = new WarmPool<string>(
      async () => fakeSandbox(),
      {
        size: 1,
        refillConcurrency: 1,
        idleMs: 60_000,
        mayRefill: () => true,
        maxKeys: 2,
      },
      pino({ level: 'silent' }),
    );
    expect(pool.warm).toBe(false);
    pool.pin('default', 'default');
    await until(() => pool.warm);
    expect(pool.warm).toBe(true);
    await pool.close();
  });

  it('keeps at most maxKeys shapes warm, dropping the one wanted least recently', async () => {
    const made: Sandbox[] = [];
    const pool = new WarmPool<string>(
      async () => {
        const s = fakeSandbox();
        made.push(s);
        return s;
      },
      {
        size: 1,
        refillConcurrency: 4,
        idleMs: 60_000,
        mayRefill: () => true,
        maxKeys: 2,
      },
      pino({ level: 'silent' }),
    );
    pool.take('a', 'a');
    await until(() => pool.stats.idle === 1);
    pool.take('b', 'b');
    await until(() => pool.stats.idle === 2);
    pool.take('c', 'c');
    await until(() => pool.stats.idle === 2 && made.length === 3);
    expect(pool.stats.keys).toBe(2);
    expect(made[0]!.dispose).toHaveBeenCalled(); // a's idle sandbox went with its shape
    expect(pool.take('c', 'c')).toBe(made[2]);
    await pool.close();
  });
});
