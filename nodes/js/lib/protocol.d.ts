// Hand-written types for lib/protocol.js, so the TypeScript service can share its constants and shapes.
// protocol.test.mjs keeps the tuples here equal to the runtime arrays.

export declare const PROTOCOL_VERSION: 1;
export declare const FRAME: string;
export declare const VIOLATION_CODES: readonly [
  'TIMEOUT',
  'MEMORY_LIMIT',
  'RESTRICTED_MODULE',
  'UNAUTHORIZED_MODULE',
  'DYNAMIC_CODE',
  'PROCESS_CONTROL',
  'OUTPUT_LIMIT',
  'INVALID_RESULT',
  'RUNTIME_ERROR',
];
export type ViolationCode = (typeof VIOLATION_CODES)[number];
export declare const LOG_LEVELS: readonly ['log', 'info', 'warn', 'error', 'debug'];
export type LogLevel = (typeof LOG_LEVELS)[number];
export declare const ALWAYS_BLOCKED_MODULES: readonly string[];
export declare const NETWORK_MODULES: readonly string[];
export declare const FILE_SYSTEM_MODULES: readonly string[];
export declare const UNFLAGGED_BUILTIN_MODULES: readonly string[];

export interface Violation {
  type: ViolationCode;
  message: string;
  details: Record<string, unknown>;
}

export declare const violations: {
  memoryLimit(currentMemoryMb: number, limitMb: number, peakMemoryMb: number): Violation;
  timeout(currentTimeSec: number, limitSec: number): Violation;
  restrictedModule(module: string): Violation;
  unauthorizedModule(module: string, allowedModules: readonly string[]): Violation;
  dynamicCode(construct: string): Violation;
  processControl(call: string): Violation;
  outputLimit(what: 'result' | 'logs', size: number, limit: number): Violation;
  /** too many console calls, as opposed to too many bytes (outputLimit with 'logs') */
  logEntryLimit(entries: number, limit: number): Violation;
  invalidResult(reason: string): Violation;
  runtimeError(name: string, message: string, stack: string): Violation;
};

/**
 * What the service writes to the runner's stdin, one job per line: a one-shot sandbox gets one, then the
 * end of the stream; a reuse sandbox gets each next job only after the previous one's frame.
 */
export interface Job {
  v: 1;
  code: string;
  inputs: unknown;
  params: Record<string, unknown>;
  limits: {
    memoryLimitMb: number;
    timeLimitSec: number;
    enableNetworking: boolean;
    enableFileSystem: boolean;
    allowedModules: string[] | null;
  };
  output: { maxResultBytes: number; maxLogBytes: number; maxLogEntries: number };
  /** keep the runner for the next job (reuse mode): a fresh worker and context each, /tmp cleared between */
  reuse?: boolean;
  /**
   * A secret of this job's, echoed in its frame and never handed to the worker: a frame written by
   * anything else (user code that got hold of stdout) does not carry it, and the service ignores it.
   */
  frameKey?: string;
}

export interface LogEntry {
  level: LogLevel;
  message: string;
  /** milliseconds since the user code started */
  time: number;
}

/** MB, MB, seconds, MB */
export interface RunStats {
  memoryUsed: number;
  peakMemory: number;
  executionTime: number;
  rss: number;
}

/** key: the job's frameKey; reusable (reuse jobs): whether the job's worker stopped before the frame */
interface FrameFields {
  key?: string;
  reusable?: boolean;
}
export type RunnerMessage =
  | ({ v: 1; type: 'result'; value: unknown; logs: LogEntry[]; stats: RunStats } & FrameFields)
  | ({ v: 1; type: 'violation'; error: Violation; logs: LogEntry[]; stats: RunStats } & FrameFields)
  | ({ v: 1; type: 'failure'; message: string } & FrameFields);

export type UnversionedMessage = RunnerMessage extends infer M ? (M extends unknown ? Omit<M, 'v'> : never) : never;
export declare function encodeFrame(message: UnversionedMessage): string;
export declare function round2(n: number): number;
