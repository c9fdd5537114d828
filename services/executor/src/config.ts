// The service's configuration: read from the environment once at start, validated, frozen, passed in.
import { hostname } from 'node:os';
import { z } from 'zod';
import { parseEgressAllow } from './hardening/egressRules.js';
import { readSeccompProfile, SeccompProfileError } from './hardening/seccompProfile.js';

/** A Docker label value we also put in filters: keep it to characters no filter syntax can misread. */
const INSTANCE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/**
 * The instance id when none is configured: the host name, which survives a restart of the process (and
 * of a container with a restart policy), so a restarted service finds what its killed predecessor left.
 */
export function defaultInstanceId(host: string = hostname()): string {
  const cleaned = host
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 63);
  return cleaned || 'executor';
}

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const Env = z.object({
  EXECUTOR_HOST: z.string().default('0.0.0.0'),
  EXECUTOR_PORT: int(0, 65535).default(8080),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  EXECUTOR_IMAGE: z.string().min(1).default('edgeql-nodejs-sandbox'),
  EXECUTOR_BASE_IMAGE: z.string().min(1).optional(),
  EXECUTOR_BUILD_IMAGE: bool.default('true'),
  EXECUTOR_MAX_MEMORY_MB: int(64, 65536).default(2048),
  EXECUTOR_MAX_TIME_LIMIT_SEC: int(1, 3600).default(300),
  EXECUTOR_MEMORY_HEADROOM_MB: int(16, 4096).default(64),
  EXECUTOR_SANDBOX_CPUS: z.coerce.number().min(0.1).max(64).default(1),
  EXECUTOR_TMPFS_MB: int(1, 4096).default(64),
  EXECUTOR_DATASETS_DIR: z.string().startsWith('/', 'must be an absolute path').optional(),
  EXECUTOR_NETWORK: z.string().min(1).default('edgeql-sandbox-net'),
  EXECUTOR_EGRESS_ALLOW: z
    .string()
    .default('')
    .transform((v, ctx) => {
      try {
        return parseEgressAllow(v);
      } catch (err) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: (err as Error).message });
        return z.NEVER;
      }
    }),
  EXECUTOR_EGRESS_DEFAULT: z.enum(['allow', 'deny']).default('allow'),
  EXECUTOR_EGRESS_ENFORCE: bool.default('true'),
  EXECUTOR_MAX_CODE_BYTES: int(1024, 16 * 1024 * 1024).default(256 * 1024),
  // at most 32 MiB: the runner reads a job of at most 40 MiB (nodes/js/SandboxRunner.js, MAX_JOB_BYTES)
  EXECUTOR_BODY_LIMIT_BYTES: int(1024, 32 * 1024 * 1024).default(8 * 1024 * 1024),
  EXECUTOR_MAX_RESULT_BYTES: int(1024, 256 * 1024 * 1024).default(1024 * 1024),
  EXECUTOR_MAX_LOG_BYTES: int(1024, 64 * 1024 * 1024).default(256 * 1024),
  EXECUTOR_MAX_LOG_ENTRIES: int(1, 100_000).default(1000),
  EXECUTOR_MAX_CONCURRENCY: int(1, 1024).default(4),
  EXECUTOR_MAX_QUEUE: int(0, 100_000).default(32),
  EXECUTOR_SHUTDOWN_GRACE_SEC: int(0, 3600).default(30),
  EXECUTOR_SWEEP_INTERVAL_SEC: int(5, 86_400).default(60),
  EXECUTOR_RUNTIME: z
    .string()
    .regex(/^[a-z0-9][\w.-]*$/i, 'must be the name of an OCI runtime registered with Docker')
    .default('runc'),
  EXECUTOR_SECCOMP_PROFILE: z.string().min(1).default('builtin'),
  EXECUTOR_UNSAFE_DISABLE_GUARD: bool.default('false'),
  EXECUTOR_PREFLIGHT: bool.default('true'),
  EXECUTOR_REUSE_MAX_RUNS: int(1, 100_000).default(100),
  EXECUTOR_REUSE_MAX_AGE_SEC: int(1, 3600).default(60),
  EXECUTOR_REUSE_MAX_IDLE: int(0, 1024).default(8),
  EXECUTOR_POOL_SIZE: int(0, 256).default(2),
  EXECUTOR_POOL_REFILL_CONCURRENCY: int(1, 64).default(1),
  EXECUTOR_POOL_IDLE_SEC: int(5, 3600).default(120),
  EXECUTOR_INSTANCE_ID: z
    .string()
    .regex(INSTANCE_ID, 'must be 1-63 letters, digits, dots, dashes or underscores, starting with a letter or digit')
    .optional(),
  EXECUTOR_LOG_USER_DATA: bool.default('false'),
  EXECUTOR_RESULT_TTL_SEC: int(1, 7 * 86_400).default(3600),
  EXECUTOR_RESULT_STORE_MB: int(1, 65_536).default(256),
  EXECUTOR_MAX_EXECUTIONS: int(1, 10_000_000).default(10_000),
  EXECUTOR_MAX_WAIT_SEC: int(0, 300).default(30),
});

/** Every environment variable the service reads, for the README's configuration table and its test. */
export const CONFIG_VARIABLES = Object.keys(Env.shape) as ReadonlyArray<keyof typeof Env.shape>;

export type Config = ReturnType<typeof toConfig>;

const toConfig = (e: z.infer<typeof Env>) => ({
  host: e.EXECUTOR_HOST,
  port: e.EXECUTOR_PORT,
  logLevel: e.LOG_LEVEL,
  /** user code, inputs and params appear in the logs only when this is set */
  logUserData: e.EXECUTOR_LOG_USER_DATA,
  /** labels every container this service creates; at start it removes all containers with its own id */
  instanceId: e.EXECUTOR_INSTANCE_ID ?? defaultInstanceId(),
  image: {
    name: e.EXECUTOR_IMAGE,
    /** undefined: the pinned Node's official image if present, else the local base made of the same Node build */
    baseImage: e.EXECUTOR_BASE_IMAGE,
    buildIfMissing: e.EXECUTOR_BUILD_IMAGE,
  },
  maxLimits: { memoryMb: e.EXECUTOR_MAX_MEMORY_MB, timeSec: e.EXECUTOR_MAX_TIME_LIMIT_SEC },
  sandbox: {
    memoryHeadroomMb: e.EXECUTOR_MEMORY_HEADROOM_MB,
    cpus: e.EXECUTOR_SANDBOX_CPUS,
    tmpfsMb: e.EXECUTOR_TMPFS_MB,
    datasetsDir: e.EXECUTOR_DATASETS_DIR,
    network: e.EXECUTOR_NETWORK,
    /** what networking-enabled sandboxes may reach (egress.ts): allowlist, then the private ranges denied, then the rest */
    egress: { allow: e.EXECUTOR_EGRESS_ALLOW, otherwise: e.EXECUTOR_EGRESS_DEFAULT, enforce: e.EXECUTOR_EGRESS_ENFORCE },
    /** the OCI runtime Docker runs sandboxes with: runc, or runsc (gVisor) where registered */
    runtime: e.EXECUTOR_RUNTIME,
    /** the seccomp profile's JSON, or undefined for Docker's default profile */
    seccompProfile: readSeccompProfile(e.EXECUTOR_SECCOMP_PROFILE),
    /** TESTS ONLY: run user code with every in-process layer off; refused when NODE_ENV=production */
    unsafeDisableGuard: e.EXECUTOR_UNSAFE_DISABLE_GUARD,
  },
  output: {
    maxResultBytes: e.EXECUTOR_MAX_RESULT_BYTES,
    maxLogBytes: e.EXECUTOR_MAX_LOG_BYTES,
    maxLogEntries: e.EXECUTOR_MAX_LOG_ENTRIES,
  },
  request: {
    maxCodeBytes: e.EXECUTOR_MAX_CODE_BYTES,
    bodyLimitBytes: e.EXECUTOR_BODY_LIMIT_BYTES,
    /** parse the code before any container starts and refuse what is certain to fail */
    preflight: e.EXECUTOR_PREFLIGHT,
  },
  concurrency: { running: e.EXECUTOR_MAX_CONCURRENCY, queued: e.EXECUTOR_MAX_QUEUE },
  reuse: {
    /** executions one reuse sandbox may serve, and how long it may live */
    maxRuns: e.EXECUTOR_REUSE_MAX_RUNS,
    maxAgeSec: e.EXECUTOR_REUSE_MAX_AGE_SEC,
    /** idle reuse sandboxes kept in all; 0 turns reuse off (every run is one-shot) */
    maxIdle: e.EXECUTOR_REUSE_MAX_IDLE,
  },
  pool: {
    /** idle sandboxes kept per request shape in demand; 0 turns the pool off */
    size: e.EXECUTOR_POOL_SIZE,
    refillConcurrency: e.EXECUTOR_POOL_REFILL_CONCURRENCY,
    idleSec: e.EXECUTOR_POOL_IDLE_SEC,
  },
  lifecycle: { shutdownGraceSec: e.EXECUTOR_SHUTDOWN_GRACE_SEC, sweepIntervalSec: e.EXECUTOR_SWEEP_INTERVAL_SEC },
  executions: {
    /** how long an asynchronous execution's answer is kept once it has one */
    resultTtlSec: e.EXECUTOR_RESULT_TTL_SEC,
    /** the answers kept in all, by the size of their bodies; past it the oldest go first */
    storeMb: e.EXECUTOR_RESULT_STORE_MB,
    /** executions kept at once, answered or not */
    maxKept: e.EXECUTOR_MAX_EXECUTIONS,
    /** the longest GET /executions/{id}?waitSec= holds a request open */
    maxWaitSec: e.EXECUTOR_MAX_WAIT_SEC,
  },
});

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses every EXECUTOR_* variable at once; a bad value names the variable and the reason. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  if (parsed.data.EXECUTOR_UNSAFE_DISABLE_GUARD && env.NODE_ENV === 'production') {
    throw new ConfigError(
      'invalid configuration:\n  EXECUTOR_UNSAFE_DISABLE_GUARD: is for tests only and refused when NODE_ENV=production',
    );
  }
  try {
    return deepFreeze(toConfig(parsed.data));
  } catch (err) {
    if (err instanceof SeccompProfileError) throw new ConfigError(`invalid configuration:\n  EXECUTOR_SECCOMP_PROFILE: ${err.message}`);
    throw err;
  }
}

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (v && typeof v === 'object') deepFreeze(v);
  return Object.freeze(o);
}
