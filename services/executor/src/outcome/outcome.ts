// What one execution came to: a result or a violation, with logs and stats. Every layer passes this value.
import type { LogEntry, RunStats, Violation } from '@edgeql/node-js/protocol';

export type { LogEntry, RunStats, Violation };

export type RunOutcome =
  | { kind: 'result'; value: unknown; logs: LogEntry[]; stats: RunStats }
  | { kind: 'violation'; violation: Violation; logs: LogEntry[]; stats: RunStats };

export function assertNever(x: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(x)}`);
}
