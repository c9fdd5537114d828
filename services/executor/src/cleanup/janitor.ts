// The one owner of every container removal a run does not do itself: at start, what a killed predecessor
// with this instance id left; on an interval, any of ours older than the longest possible run; at once
// once Docker answers again, the containers whose own removal failed (a run's, a pool's, a failed
// launch's); at shutdown, whatever this instance still has. The service and the routes only call it.
import type { Logger } from 'pino';
import type { ContainerClient } from '../docker/containerClient.js';
import { LABEL, type Owner } from '../docker/labels.js';
import { removeInstanceContainers, sweepOrphans } from './sweeps.js';

export type SweepReason = 'age' | 'restart' | 'shutdown' | 'stranded';

/** A container whose removal failed: known by id, or, when create was cut off mid-flight, by its launch label. */
export type Stranded = { containerId: string } | { launchId: string };

/** What a sandbox tells the janitor when it could not remove its own container. */
export interface RemovalReport {
  removalFailed(what: Stranded): void;
}

export interface JanitorOptions {
  client: ContainerClient;
  owner: Owner;
  log: Logger;
  /**
   * this instance's longest sandbox life: a container without its creator's own limit (an older
   * version's) is an orphan past it, and a stranded one not gone by then is left to the age sweep
   */
  maxAgeMs: number;
  sweepIntervalMs: number;
  onSwept: (reason: SweepReason, count: number) => void;
  /** the clock the age sweep reads (tests move it forward instead of waiting) */
  now?: () => number;
}

/** Every Docker call of the janitor's has this long. */
const CALL_MS = 10_000;
/** How often stranded containers are tried while some remain (Docker may be back any moment). */
const STRANDED_RETRY_MS = 2_000;
/** Most stranded containers remembered; past it, the oldest are left to the age sweep. */
const MAX_STRANDED = 1_000;

export class Janitor implements RemovalReport {
  /** key (container id or launch id) → what it is and since when */
  readonly #stranded = new Map<string, { what: Stranded; since: number }>();
  #strandedTimer: NodeJS.Timeout | undefined;
  #strandedPass: Promise<void> | undefined;
  #sweeper: NodeJS.Timeout | undefined;
  #predecessorsGone = false;

  constructor(private readonly o: JanitorOptions) {}

  /** Removes a predecessor's containers (before this process makes any), sweeps, and keeps sweeping. */
  async start(): Promise<void> {
    await this.#removePredecessors();
    void this.sweep();
    this.#sweeper = setInterval(() => void this.sweep(), this.o.sweepIntervalMs).unref();
  }

  /** One age sweep (and the predecessors' removal, if it has not succeeded yet). Never throws. */
  async sweep(): Promise<void> {
    if (!this.#predecessorsGone) await this.#removePredecessors();
    try {
      const r = await sweepOrphans(this.o.client, this.o.maxAgeMs, CALL_MS, (this.o.now ?? Date.now)());
      this.o.onSwept('age', r.removed);
      if (r.removed > 0) this.o.log.warn(r, 'removed orphaned sandboxes');
    } catch (err) {
      this.o.log.warn({ err }, 'orphan sweep failed');
    }
  }

  removalFailed(what: Stranded): void {
    if (this.#stranded.size >= MAX_STRANDED) this.#stranded.delete(this.#stranded.keys().next().value!);
    this.#stranded.set('containerId' in what ? what.containerId : what.launchId, { what, since: Date.now() });
    this.#strandedTimer ??= setInterval(() => void this.retryStranded(), STRANDED_RETRY_MS).unref();
  }

  /** containers whose removal failed and is still to be retried */
  get strandedCount(): number {
    return this.#stranded.size;
  }

  /** One pass over the stranded containers; concurrent calls share it. */
  retryStranded(): Promise<void> {
    this.#strandedPass ??= this.#retryStranded().finally(() => {
      this.#strandedPass = undefined;
      if (this.#stranded.size === 0) this.#stopRetrying();
    });
    return this.#strandedPass;
  }

  /** Every container of this instance's, whatever its age (after the shutdown's drain); the count removed. */
  async removeRemaining(): Promise<number> {
    const removed = await removeInstanceContainers(this.o.client, this.o.owner.instanceId, undefined, CALL_MS);
    this.o.onSwept('shutdown', removed);
    return removed;
  }

  stop() {
    clearInterval(this.#sweeper);
    this.#sweeper = undefined;
    this.#stopRetrying();
  }

  #stopRetrying() {
    clearInterval(this.#strandedTimer);
    this.#strandedTimer = undefined;
  }

  async #removePredecessors() {
    try {
      // Only those another process made: a late start-up cleanup never removes this process's own.
      const removed = await removeInstanceContainers(this.o.client, this.o.owner.instanceId, this.o.owner.processId, CALL_MS);
      this.#predecessorsGone = true;
      this.o.onSwept('restart', removed);
      if (removed > 0)
        this.o.log.warn({ removed, instanceId: this.o.owner.instanceId }, "removed the sandboxes of this instance's previous run");
    } catch (err) {
      this.o.log.warn({ err }, "could not look for the previous run's sandboxes yet; the sweep retries");
    }
  }

  async #retryStranded() {
    const now = Date.now();
    for (const [key, { what, since }] of this.#stranded) {
      if (now - since > this.o.maxAgeMs) {
        this.#stranded.delete(key);
        continue;
      }
      try {
        const ids =
          'containerId' in what
            ? [what.containerId]
            : (await this.o.client.listByLabel(`${LABEL.runId}=${what.launchId}`, AbortSignal.timeout(CALL_MS))).map((c) => c.id);
        for (const id of ids) await this.o.client.remove(id, AbortSignal.timeout(CALL_MS));
        this.#stranded.delete(key);
        if (ids.length > 0) {
          this.o.log.warn({ ...what, removed: ids.length }, 'removed a sandbox whose own removal had failed');
          this.o.onSwept('stranded', ids.length);
        }
      } catch {
        return; // Docker still away: the next tick tries again
      }
    }
  }
}
