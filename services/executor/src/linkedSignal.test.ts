import { describe, expect, it } from 'vitest';
import { linkSignals, longLivedController, withDeadline } from './linkedSignal.js';

describe('linkSignals', () => {
  it('aborts with the first source, and with its reason', () => {
    const a = new AbortController();
    const b = new AbortController();
    const link = linkSignals(a.signal, b.signal);
    b.abort(new Error('client gone'));
    expect(link.signal.aborted).toBe(true);
    expect((link.signal.reason as Error).message).toBe('client gone');
    a.abort(new Error('later'));
    expect((link.signal.reason as Error).message).toBe('client gone');
  });

  it('is aborted at once when a source already is', () => {
    const a = new AbortController();
    a.abort('done');
    expect(linkSignals(new AbortController().signal, a.signal).signal.reason).toBe('done');
  });

  it('once released, no longer hears its sources (a long-lived source keeps nothing of it)', () => {
    const longLived = new AbortController();
    const link = linkSignals(longLived.signal);
    link.release();
    link.release();
    longLived.abort();
    expect(link.signal.aborted).toBe(false);
  });
});

describe('withDeadline', () => {
  it('gives the call a signal that aborts at the deadline', async () => {
    const reason = await withDeadline(
      20,
      new AbortController().signal,
      (signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve(signal.reason))),
    );
    expect((reason as Error).name).toBe('TimeoutError');
  });

  it('passes the result through and detaches afterwards', async () => {
    const outer = new AbortController();
    let inner: AbortSignal | undefined;
    expect(
      await withDeadline(1000, outer.signal, async (signal) => {
        inner = signal;
        return 42;
      }),
    ).toBe(42);
    outer.abort();
    expect(inner!.aborted).toBe(false);
  });
});

describe('longLivedController', () => {
  it('takes a link from every run under way without a listener-count warning', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    const shutdown = longLivedController();
    const links = Array.from({ length: 32 }, () => linkSignals(shutdown.signal));
    await new Promise((r) => setImmediate(r));
    process.off('warning', onWarning);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    shutdown.abort('cut off');
    expect(links.every((l) => l.signal.reason === 'cut off')).toBe(true);
  });
});
