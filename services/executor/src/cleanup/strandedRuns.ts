// Runs whose containers may outlive them: when Docker stopped answering mid-run, the run could not remove
// its container, which then keeps running on the engine. Once Docker answers again, these go at once,
// found by their run-id label; the age sweep stays the backstop for anything this misses.
import type { Logger } from 'pino';
import type { ContainerClient } from '../docker/containerClient.js';
import { LABEL } from '../docker/labels.js';

export interface StrandedRunsOptions {
  client: ContainerClient;
  log: Logger;
  /** how often to try while some remain */
  retryMs: number;
  /** after this, give up on a run: the age sweep removes its container */
  forgetAfterMs: number;
  /** most runs remembered; past it, the oldest are left to the age sweep */
  maxRuns?: number;
  onRemoved?: (count: number) => void;
}

export class StrandedRuns {
  /** run id → when it was noted, and the container that served it when known (a pooled or reuse one
   * carries another run's label) */
  readonly #runs = new Map<string, { since: number; containerId: string | undefined }>();
  #timer: NodeJS.Timeout | undefined;
  #busy: Promise<void> | undefined;

  constructor(private readonly o: StrandedRunsOptions) {}

  get size() {
    return this.#runs.size;
  }

  /** Remembers a run whose cleanup may have failed; tries to remove its container on the next tick. */
  note(runId: string, containerId?: string) {
    if (this.#runs.size >= (this.o.maxRuns ?? 10_000)) this.#runs.delete(this.#runs.keys().next().value!);
    this.#runs.set(runId, { since: Date.now(), containerId });
    this.#timer ??= setInterval(() => void this.retry(), this.o.retryMs).unref();
  }

  /** One pass over the remembered runs; concurrent calls share it. */
  retry(): Promise<void> {
    this.#busy ??= this.#pass().finally(() => {
      this.#busy = undefined;
      if (this.#runs.size === 0) this.stop();
    });
    return this.#busy;
  }

  stop() {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #pass() {
    const now = Date.now();
    for (const [runId, { since, containerId }] of this.#runs) {
      if (now - since > this.o.forgetAfterMs) {
        this.#runs.delete(runId);
        continue;
      }
      try {
        const found = containerId
          ? [{ id: containerId }]
          : await this.o.client.listByLabel(`${LABEL.runId}=${runId}`, AbortSignal.timeout(5_000));
        for (const c of found) await this.o.client.remove(c.id, AbortSignal.timeout(10_000));
        this.#runs.delete(runId);
        if (found.length > 0) {
          this.o.log.warn({ executionId: runId, removed: found.length }, 'removed the sandbox of a run that lost Docker');
          this.o.onRemoved?.(found.length);
        }
      } catch {
        return; // Docker still away: the next tick tries again
      }
    }
  }
}
