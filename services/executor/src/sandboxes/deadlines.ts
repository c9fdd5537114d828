// Every wait on a sandbox has its own deadline; each outer layer is later than the one inside it, so the
// innermost layer that can name the violation (the runner's watchdog) is the one that reports it.
export interface Deadlines {
  /** each of create, attach and start: independent of the user's time */
  dockerCallMs: number;
  /** from start to exit: the runner's watchdog fires at the time limit, this is the backstop */
  runMs: number;
  /** after exit, for the last output to arrive */
  drainMs: number;
  /** each of inspect, kill and remove */
  cleanupMs: number;
}

/** Node's boot, the worker's start and the frame's flight, on a loaded 2-core machine. */
const RUN_GRACE_MS = 5_000;

export function deadlines(timeLimitSec: number): Deadlines {
  return {
    dockerCallMs: 20_000,
    runMs: Math.ceil(timeLimitSec * 1000) + RUN_GRACE_MS,
    drainMs: 2_000,
    cleanupMs: 10_000,
  };
}

/**
 * No sandbox of ours can legitimately live longer than this: older ones are a crash's leftovers.
 * @param idleSec how long a sandbox may wait before its run (warm pool) or between runs (reuse)
 */
export function longestRunMs(maxTimeLimitSec: number, idleSec = 0): number {
  const d = deadlines(maxTimeLimitSec);
  return idleSec * 1000 + 3 * d.dockerCallMs + d.runMs + d.drainMs + 3 * d.cleanupMs + 60_000;
}

/** The longest a sandbox of this configuration may legitimately live. */
export const longestSandboxLifeMs = (c: { maxLimits: { timeSec: number }; pool: { idleSec: number }; reuse: { maxAgeSec: number } }) =>
  longestRunMs(c.maxLimits.timeSec, Math.max(c.pool.idleSec, c.reuse.maxAgeSec));
