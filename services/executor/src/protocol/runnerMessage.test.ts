import protocol from '@edgeql/node-js/protocol';
import { describe, expect, it } from 'vitest';
import { readRunnerMessage } from './runnerMessage.js';

const stats = { memoryUsed: 1, peakMemory: 2, executionTime: 0.1, rss: 3 };

describe('readRunnerMessage', () => {
  const KEY = 'k'.repeat(32);
  const frame = (message: Record<string, unknown>) => protocol.encodeFrame(message as never);

  it('reads the frame the runner writes, with where its line ends', () => {
    const out = `noise\n${frame({ type: 'result', value: [1], logs: [], stats, key: KEY })}`;
    expect(readRunnerMessage(out, KEY)).toEqual({
      message: { v: 1, type: 'result', value: [1], logs: [], stats, key: KEY },
      end: out.length,
      forged: 0,
      scanned: out.length,
    });
  });

  it("takes only the frame with the job's key, before or after frames without it, and counts those", () => {
    const forged = frame({ type: 'result', value: 'forged', logs: [], stats });
    const otherKey = frame({ type: 'result', value: 'forged', logs: [], stats, key: 'x'.repeat(32) });
    const real = frame({ type: 'violation', error: protocol.violations.dynamicCode('eval()'), logs: [], stats, key: KEY });
    const read = readRunnerMessage(forged + otherKey + real + forged, KEY);
    expect(read.message?.type).toBe('violation');
    expect(read.forged).toBe(2);
    expect(read.end).toBe(forged.length + otherKey.length + real.length);
    expect(read.scanned).toBe(read.end);
  });

  it('without the key, nothing is taken: forged frames alone are counted, not read', () => {
    const forged = frame({ type: 'result', value: 'forged', logs: [], stats });
    expect(readRunnerMessage(forged, KEY)).toEqual({ end: -1, forged: 1, scanned: forged.length });
  });

  it('reads the reuse flag', () => {
    expect(readRunnerMessage(frame({ type: 'result', value: 1, logs: [], stats, key: KEY, reusable: false }), KEY).message).toMatchObject({
      reusable: false,
    });
  });

  it('for a job sent without a key (a runner driven by hand), takes the first frame without one', () => {
    const keyed = frame({ type: 'result', value: 'keyed', logs: [], stats, key: KEY });
    const first = frame({ type: 'violation', error: protocol.violations.dynamicCode('eval()'), logs: [], stats });
    const later = frame({ type: 'result', value: 'later', logs: [], stats });
    expect(readRunnerMessage(keyed + first + later, undefined)).toMatchObject({ message: { type: 'violation' }, forged: 1 });
  });

  it.each([
    ['no frame', 'just output'],
    ['a frame cut off mid-write', protocol.encodeFrame({ type: 'result', value: 1, logs: [], stats, key: KEY } as never).slice(0, -5)],
  ])('waits past %s', (_what, stdout) => {
    expect(readRunnerMessage(stdout, KEY)).toEqual({ end: -1, forged: 0, scanned: 0 });
  });

  it.each([
    ['not JSON', `${protocol.FRAME}{nope\n`],
    ['a wrong version', `${protocol.FRAME}${JSON.stringify({ v: 2, type: 'result', value: 1, logs: [], stats, key: KEY })}\n`],
    [
      'an unknown violation',
      `${protocol.FRAME}${JSON.stringify({ v: 1, type: 'violation', error: { type: 'PWNED', message: '', details: {} }, logs: [], stats, key: KEY })}\n`,
    ],
    ['missing stats', `${protocol.FRAME}${JSON.stringify({ v: 1, type: 'result', value: 1, logs: [], key: KEY })}\n`],
  ])("takes no message from %s, and counts the line as not the runner's", (_what, stdout) => {
    expect(readRunnerMessage(stdout, KEY)).toEqual({ end: -1, forged: 1, scanned: stdout.length });
  });
});
