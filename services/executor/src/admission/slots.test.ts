import { describe, expect, it } from 'vitest';
import { ExecutorError } from '../outcome/executorError.js';
import { Slots } from './slots.js';

const never = new AbortController().signal;

describe('Slots', () => {
  it('runs up to the limit, queues up to the queue size, then refuses with BUSY', async () => {
    const slots = new Slots(1, 1);
    const release = await slots.acquire(never);
    const queued = slots.acquire(never);
    await expect(slots.acquire(never)).rejects.toMatchObject({ code: 'BUSY', statusCode: 503, retryAfterSec: 1 });
    expect(slots.stats).toMatchObject({ running: 1, waiting: 1 });
    release();
    release(); // twice is harmless
    (await queued)();
    expect(slots.stats).toMatchObject({ running: 0, waiting: 0 });
  });

  it('lets a waiting client that goes away leave the queue', async () => {
    const slots = new Slots(1, 5);
    const release = await slots.acquire(never);
    const gone = new AbortController();
    const waiting = slots.acquire(gone.signal);
    gone.abort(new Error('client left'));
    await expect(waiting).rejects.toThrow('client left');
    expect(slots.stats.waiting).toBe(0);
    release();
    expect(slots.stats.running).toBe(0);
  });

  it('is an ExecutorError, so it becomes a 503 and never a user violation', async () => {
    const slots = new Slots(1, 0);
    await slots.acquire(never);
    await expect(slots.acquire(never)).rejects.toBeInstanceOf(ExecutorError);
  });

  it('hands a released slot to the waiter, so a newcomer cannot overshoot the limit', async () => {
    const slots = new Slots(1, 5);
    const release = await slots.acquire(never);
    const waiter = slots.acquire(never);
    release();
    const newcomer = new AbortController();
    const late = slots.acquire(newcomer.signal);
    expect(slots.stats).toMatchObject({ running: 1, waiting: 1 }); // the newcomer queues behind the handover
    (await waiter)();
    (await late)();
    expect(slots.stats).toMatchObject({ running: 0, waiting: 0 });
  });
});
