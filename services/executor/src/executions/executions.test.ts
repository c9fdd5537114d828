import { describe, expect, it } from 'vitest';
import { answerOf } from '../outcome/toHttp.js';
import { Executions, fingerprintOf, idempotencyKeyOf, type RunToAnswer } from './executions.js';
import { ExecutionStore } from './store.js';

/** A run that starts, then waits for its signal or a release, as a sandbox would. */
function controllableRuns() {
  const started: string[] = [];
  const releases = new Map<string, () => void>();
  const run: RunToAnswer<string> = (spec, o) =>
    new Promise((resolve, reject) => {
      o.onStarted();
      started.push(spec);
      o.signal.addEventListener('abort', () => reject(o.signal.reason), { once: true });
      releases.set(o.executionId, () => resolve(answerOf(200, { result: spec })));
    });
  return { run, started, release: (id: string) => releases.get(id)?.() };
}

const newExecutions = () => {
  const runs = controllableRuns();
  const executions = new Executions(new ExecutionStore({ ttlMs: 60_000, maxBytes: 1 << 20, maxEntries: 100 }), runs.run);
  return { executions, ...runs };
};

describe('Executions', () => {
  it('runs once for one Idempotency-Key, and answers both requests with that run', async () => {
    const { executions, started, release } = newExecutions();
    const first = executions.submit('code', { idempotencyKey: 'k1', fingerprint: fingerprintOf(['code']) });
    const again = executions.submit('code', { idempotencyKey: 'k1', fingerprint: fingerprintOf(['code']) });
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, execution: { id: first.execution.id } });
    expect(started).toEqual(['code']);
    release(first.execution.id);
    expect((await executions.get(first.execution.id, 1000))?.answer?.bodyText).toBe('{"result":"code"}');
  });

  it('refuses a known key sent with another request', () => {
    const { executions } = newExecutions();
    executions.submit('a', { idempotencyKey: 'k', fingerprint: fingerprintOf(['a']) });
    expect(() => executions.submit('b', { idempotencyKey: 'k', fingerprint: fingerprintOf(['b']) })).toThrow(
      expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', statusCode: 422 }),
    );
  });

  it('cancels a running execution: its signal aborts, and the answer says cancelled', async () => {
    const { executions } = newExecutions();
    const { execution } = executions.submit('slow', { fingerprint: 'f' });
    expect(execution.state).toBe('running');
    executions.cancel(execution.id);
    const done = await executions.get(execution.id, 1000);
    expect(done?.state).toBe('cancelled');
    expect(JSON.parse(done!.answer!.bodyText)).toMatchObject({ success: false, error: { type: 'CANCELLED' } });
    expect(done?.answer?.status).toBe(409);
  });

  it('leaves an answered execution as it is when cancelled after', async () => {
    const { executions, release } = newExecutions();
    const { execution } = executions.submit('quick', { fingerprint: 'f' });
    release(execution.id);
    await executions.get(execution.id, 1000);
    expect(executions.cancel(execution.id)?.state).toBe('finished');
  });

  it('fingerprints parts so that different lists never collide by concatenation', () => {
    expect(fingerprintOf(['ab', 'c'])).not.toBe(fingerprintOf(['a', 'bc']));
    expect(fingerprintOf(['x', new TextEncoder().encode('[1]')])).toBe(fingerprintOf(['x', '[1]']));
  });

  it('checks the Idempotency-Key header', () => {
    expect(idempotencyKeyOf(undefined)).toBeUndefined();
    expect(idempotencyKeyOf('abc-123')).toBe('abc-123');
    for (const bad of ['', 'has space', 'x'.repeat(256), 'ünï']) {
      expect(() => idempotencyKeyOf(bad)).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
    }
  });
});
