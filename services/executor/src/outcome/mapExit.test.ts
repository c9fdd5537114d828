import protocol, { type RunnerMessage } from '@edgeql/node-js/protocol';
import { describe, expect, it } from 'vitest';
import { ExecutorError } from './executorError.js';
import { EXIT_SIGXCPU, mapExit, type ExitObservation } from './mapExit.js';

const stats = { memoryUsed: 1, peakMemory: 50, executionTime: 0.01, rss: 45 };
const seen = (o: Partial<ExitObservation> = {}): ExitObservation => ({
  message: undefined,
  exitCode: 0,
  oomKilled: false,
  deadlineHit: false,
  outputOverflowed: false,
  stdoutBytes: 0,
  stderrTail: '',
  elapsedSec: 1.234,
  limits: { memoryLimitMb: 128, timeLimitSec: 1, containerMemoryMb: 192, maxStdoutBytes: 1000 },
  ...o,
});

describe('mapExit', () => {
  it('passes the runner result through', () => {
    const message: RunnerMessage = { v: 1, type: 'result', value: { a: 1 }, logs: [], stats };
    expect(mapExit(seen({ message }))).toEqual({ kind: 'result', value: { a: 1 }, logs: [], stats });
  });

  it('passes the runner violation through, even when the container was then killed', () => {
    const error = protocol.violations.restrictedModule('fs');
    const message: RunnerMessage = { v: 1, type: 'violation', error, logs: [], stats };
    expect(mapExit(seen({ message, oomKilled: true, exitCode: 137 }))).toEqual({ kind: 'violation', violation: error, logs: [], stats });
  });

  it('reports an OOM kill as MEMORY_LIMIT, never as a crash', () => {
    const o = mapExit(seen({ oomKilled: true, exitCode: 137 }));
    expect(o).toMatchObject({
      kind: 'violation',
      violation: {
        type: 'MEMORY_LIMIT',
        message: 'MEMORY_LIMIT: Memory usage (192.00MB) exceeded limit of 128MB',
        details: { currentMemory: 192, limit: 128, peakMemory: 192 },
      },
    });
  });

  it("never takes stderr's word: V8's out-of-memory line with no abort and no OOM kill is our failure, not MEMORY_LIMIT", () => {
    const o = seen({ exitCode: 0, stderrTail: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory' });
    expect(() => mapExit(o)).toThrow(expect.objectContaining({ code: 'SANDBOX_FAILED' }));
  });

  it("reports V8's own out-of-memory abort as the user's abort, in our words", () => {
    const o = mapExit(
      seen({ exitCode: 134, stderrTail: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory' }),
    );
    expect(o).toMatchObject({ kind: 'violation', violation: { type: 'RUNTIME_ERROR' } });
    expect(o.kind === 'violation' && o.violation.message).not.toContain('FATAL ERROR');
  });

  it('reports our deadline and the CPU-seconds limit as TIMEOUT', () => {
    for (const o of [seen({ deadlineHit: true, exitCode: 137, elapsedSec: 6.5 }), seen({ exitCode: EXIT_SIGXCPU, elapsedSec: 6.5 })]) {
      expect(mapExit(o)).toMatchObject({
        kind: 'violation',
        violation: {
          type: 'TIMEOUT',
          message: 'TIMEOUT: Execution time (6.50s) exceeded limit of 1s',
          details: { currentTime: 6.5, limit: 1 },
        },
      });
    }
  });

  it('reports flooded stdout as OUTPUT_LIMIT', () => {
    expect(mapExit(seen({ outputOverflowed: true, stdoutBytes: 1001, exitCode: 137 }))).toMatchObject({
      violation: { type: 'OUTPUT_LIMIT', details: { size: 1001, limit: 1000 } },
    });
  });

  it("reports Node's abort on a failed native check (provoked through a native handle) as the user's RUNTIME_ERROR", () => {
    const o = mapExit(
      seen({
        exitCode: 134,
        stderrTail:
          'node[7]: ../src/node_zlib.cc:333:void Write(): Assertion failed: Buffer::IsWithinBounds(in_off, in_len, Buffer::Length(in_buf))\n----- Native stack trace -----',
      }),
    );
    expect(o).toMatchObject({ kind: 'violation', violation: { type: 'RUNTIME_ERROR', details: { name: 'Error' } } });
    expect(o.kind === 'violation' && o.violation.message).toMatch(
      /^RUNTIME_ERROR: Error: the node made Node abort \(SIGABRT\): a failed native check/,
    );
    expect(o.kind === 'violation' && o.violation.message, "stderr's text is not repeated as ours").not.toContain('node_zlib');
  });

  it('never dresses up a sandbox that died without a word as a user violation', () => {
    for (const o of [seen({ exitCode: 1 }), seen({ exitCode: 137 }), seen({ message: { v: 1, type: 'failure', message: 'bad job' } })]) {
      expect(() => mapExit(o)).toThrow(ExecutorError);
      try {
        mapExit(o);
      } catch (err) {
        expect((err as ExecutorError).code).toBe('SANDBOX_FAILED');
        expect((err as ExecutorError).statusCode).toBe(502);
      }
    }
  });
});
