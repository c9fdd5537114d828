// Finds the runner's one framed message in a sandbox's stdout and validates it: the sandbox is not trusted.
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

const Message = z.discriminatedUnion('type', [
  z.object({ v: z.literal(1), type: z.literal('result'), value: z.unknown(), logs: z.array(LogEntry), stats: Stats }),
  z.object({ v: z.literal(1), type: z.literal('violation'), error: Violation, logs: z.array(LogEntry), stats: Stats }),
  z.object({ v: z.literal(1), type: z.literal('failure'), message: z.string().max(10_000) }),
]);

/** The last complete frame in stdout, if it is a well-formed message; anything else is undefined. */
export function readRunnerMessage(stdout: string): RunnerMessage | undefined {
  const at = stdout.lastIndexOf(protocol.FRAME);
  if (at < 0) return undefined;
  const rest = stdout.slice(at + protocol.FRAME.length);
  const end = rest.indexOf('\n');
  if (end < 0) return undefined; // cut off: the runner died while writing
  let json: unknown;
  try {
    json = JSON.parse(rest.slice(0, end));
  } catch {
    return undefined;
  }
  const parsed = Message.safeParse(json);
  return parsed.success ? (parsed.data as RunnerMessage) : undefined;
}
