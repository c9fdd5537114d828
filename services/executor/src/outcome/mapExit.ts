// Decides what a finished sandbox came to, from everything the service saw. Pure: every case is unit-tested.
import protocol, { type RunnerMessage } from '@edgeql/node-js/protocol';
import { ExecutorError } from './executorError.js';
import type { RunOutcome, RunStats } from './outcome.js';

/** tini reports a child killed by a signal as 128 + the signal number */
export const EXIT_SIGXCPU = 128 + 24;
/** SIGABRT: Node aborts on a failed native check, which user code can provoke through a native handle */
export const EXIT_SIGABRT = 128 + 6;

export interface ExitObservation {
  message: RunnerMessage | undefined;
  exitCode: number | null;
  oomKilled: boolean;
  /** the service's own deadline fired and it killed the container */
  deadlineHit: boolean;
  /** stdout went past its cap */
  outputOverflowed: boolean;
  stdoutBytes: number;
  /** kept for the logs only: whatever the sandbox wrote there, user code may have written too */
  stderrTail: string;
  elapsedSec: number;
  limits: { memoryLimitMb: number; timeLimitSec: number; containerMemoryMb: number; maxStdoutBytes: number };
}

const emptyStats = (elapsedSec: number, peakMb = 0): RunStats => ({
  memoryUsed: 0,
  peakMemory: peakMb,
  executionTime: protocol.round2(elapsedSec),
  rss: 0,
});

/**
 * The runner's own keyed message wins when there is one: it names the violation with its figures.
 * Without one, only what Docker and the service saw decide (the cgroup's OOM kill, the CPU-seconds
 * limit, our deadline, flooded output, the runner's abort); never what the sandbox wrote to stderr,
 * which code that reached a descriptor could write too. A sandbox that ended with none of these is our
 * failure, never dressed up as the user's.
 */
export function mapExit(o: ExitObservation): RunOutcome {
  const m = o.message;
  if (m?.type === 'result') return { kind: 'result', value: m.value, logs: m.logs, stats: m.stats };
  if (m?.type === 'violation') return { kind: 'violation', violation: m.error, logs: m.logs, stats: m.stats };

  const { limits } = o;
  if (o.oomKilled) {
    const v = protocol.violations.memoryLimit(limits.containerMemoryMb, limits.memoryLimitMb, limits.containerMemoryMb);
    return { kind: 'violation', violation: v, logs: [], stats: emptyStats(o.elapsedSec, limits.containerMemoryMb) };
  }
  if (o.outputOverflowed) {
    const v = protocol.violations.outputLimit('result', o.stdoutBytes, limits.maxStdoutBytes);
    return { kind: 'violation', violation: v, logs: [], stats: emptyStats(o.elapsedSec) };
  }
  if (o.deadlineHit || o.exitCode === EXIT_SIGXCPU) {
    const v = protocol.violations.timeout(Math.max(o.elapsedSec, limits.timeLimitSec), limits.timeLimitSec);
    return { kind: 'violation', violation: v, logs: [], stats: emptyStats(o.elapsedSec) };
  }
  if (o.exitCode === EXIT_SIGABRT && !m) {
    // The runner never aborts by itself: a native check failed on arguments user code passed to a native
    // handle (a zlib stream's _handle, say), or V8 gave up on one allocation past the heap limit. The
    // user's own crash, so reported as theirs, in our words: Node's line on stderr is not evidence.
    const v = protocol.violations.runtimeError(
      'Error',
      'the node made Node abort (SIGABRT): a failed native check on what it passed to a native handle, or one allocation past memoryLimit',
      '',
    );
    return { kind: 'violation', violation: v, logs: [], stats: emptyStats(o.elapsedSec) };
  }
  const why = m?.type === 'failure' ? `the runner failed: ${m.message}` : `the sandbox exited (${o.exitCode}) without a result`;
  throw new ExecutorError('SANDBOX_FAILED', why, undefined, { cause: new Error(o.stderrTail || why) });
}
