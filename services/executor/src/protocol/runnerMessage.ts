// Finds the runner's framed message for a job in a sandbox's stdout and validates it: the sandbox is not
// trusted, and a frame without the job's key is not the runner's.
import { z } from 'zod';
import protocol, { type RunnerMessage } from '@edgeql/node-js/protocol';

const LogEntry = z.object({
  level: z.enum(['log', 'info', 'warn', 'error', 'debug']),
  message: z.string(),
  time: z.number(),
});
const Stats = z.object({ memoryUsed: z.number(), peakMemory: z.number(), executionTime: z.number(), rss: z.number() });
const Violation = z.object({
  type: z.enum(protocol.VIOLATION_CODES),
  message: z.string().max(10_000),
  details: z.record(z.unknown()),
});

/** key: the job's frameKey echoed; reusable: a reuse job's worker stopped before its frame */
const frameFields = { key: z.string().optional(), reusable: z.boolean().optional() };
const Message = z.discriminatedUnion('type', [
  z.object({ v: z.literal(1), type: z.literal('result'), value: z.unknown(), logs: z.array(LogEntry), stats: Stats, ...frameFields }),
  z.object({ v: z.literal(1), type: z.literal('violation'), error: Violation, logs: z.array(LogEntry), stats: Stats, ...frameFields }),
  z.object({ v: z.literal(1), type: z.literal('failure'), message: z.string().max(10_000), ...frameFields }),
]);

export interface FrameRead {
  /** the runner's message for this job: well-formed and carrying the job's key */
  message?: RunnerMessage;
  /** where the line of that message ends in stdout (a reuse sandbox's next job starts after it) */
  end: number;
  /**
   * complete frame lines before it (or, without it, in all of stdout) that are not the runner's message
   * for this job (malformed, or without the key): only code that got hold of the sandbox's stdout can
   * write those, so the sandbox is not to be trusted again
   */
  forged: number;
  /** where the last complete frame line looked at ends (0 if none): what has been read past */
  scanned: number;
}

/**
 * Finds the runner's frame for the job whose frameKey is `key` among the complete frame lines of stdout.
 * Every other complete frame line (not a well-formed message, or with another key or none) is counted
 * as forged and looked past. A job sent without a key (a runner driven by hand) takes the first frame
 * without one.
 */
export function readRunnerMessage(stdout: string, key: string | undefined): FrameRead {
  let forged = 0;
  let scanned = 0;
  for (let at = stdout.indexOf(protocol.FRAME); at >= 0; at = stdout.indexOf(protocol.FRAME, at + 1)) {
    const start = at + protocol.FRAME.length;
    const end = stdout.indexOf('\n', start);
    if (end < 0) break; // not complete yet (or cut off: the runner died while writing)
    const message = parse(stdout.slice(start, end));
    if (message && message.key === key) return { message, end: end + 1, forged, scanned: end + 1 };
    forged++;
    scanned = end + 1;
  }
  return { end: -1, forged, scanned };
}

function parse(line: string): RunnerMessage | undefined {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return undefined;
  }
  const parsed = Message.safeParse(json);
  return parsed.success ? (parsed.data as RunnerMessage) : undefined;
}
