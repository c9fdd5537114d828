import protocol from '@edgeql/node-js/protocol';
import { describe, expect, it } from 'vitest';
import { readRunnerMessage } from './runnerMessage.js';

const stats = { memoryUsed: 1, peakMemory: 2, executionTime: 0.1, rss: 3 };

describe('readRunnerMessage', () => {
  it('reads the frame the runner writes', () => {
    const out = 'noise\n' + protocol.encodeFrame({ type: 'result', value: [1], logs: [], stats });
    expect(readRunnerMessage(out)).toEqual({ v: 1, type: 'result', value: [1], logs: [], stats });
  });

  it('takes the last frame', () => {
    const first = protocol.encodeFrame({ type: 'result', value: 'fake', logs: [], stats });
    const last = protocol.encodeFrame({ type: 'violation', error: protocol.violations.dynamicCode('eval()'), logs: [], stats });
    expect(readRunnerMessage(first + last)?.type).toBe('violation');
  });

  it.each([
    ['no frame', 'just output'],
    ['a frame cut off mid-write', protocol.encodeFrame({ type: 'result', value: 1, logs: [], stats }).slice(0, -5)],
    ['not JSON', `${protocol.FRAME}{nope\n`],
    ['a wrong version', `${protocol.FRAME}${JSON.stringify({ v: 2, type: 'result', value: 1, logs: [], stats })}\n`],
    ['an unknown violation', `${protocol.FRAME}${JSON.stringify({ v: 1, type: 'violation', error: { type: 'PWNED', message: '', details: {} }, logs: [], stats })}\n`],
    ['missing stats', `${protocol.FRAME}${JSON.stringify({ v: 1, type: 'result', value: 1, logs: [] })}\n`],
  ])('ignores %s', (_what, stdout) => {
    expect(readRunnerMessage(stdout)).toBeUndefined();
  });
});
