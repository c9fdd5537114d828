// Sandboxes started ahead of demand, runner booted and blocked on its job: each serves one execution
// and is then destroyed, and the pool refills in the background. One pool per key: the things that
// cannot change on a running container (network mode, CPU-seconds limit). Memory is resized on take.
import type { Logger } from 'pino';
import { longLivedController } from '../linkedSignal.js';
import type { Sandbox } from './sandbox.js';

export interface PoolOptions {
  /** idle sandboxes kept per key in demand */
  size: number;
  /** launches at once: starting a container is CPU-bound and competes with running executions */
  refillConcurrency: number;
  /** an idle sandbox older than this is replaced, and a key unused for this long stops being kept warm */
  idleMs: number;
  /** false while the machine is busy with executions: refilling then waits */
  mayRefill: () => boolean;
  /** request shapes kept warm at once; past it the one wanted least recently is dropped */
  maxKeys: number;
}

export type Launch<S> = (spec: S, signal: AbortSignal) => Promise<Sandbox>;

interface KeyState<S> {
  spec: S;
  lastWantedMs: number;
  /** kept warm even when unused: the default request shape */
  pinned: boolean;
  idle: Sandbox[];
  launching: number;
}

const BACKOFF_MS = 5_000;
const TICK_MS = 1_000;

export class WarmPool<S> {
  #keys = new Map<string, KeyState<S>>();
  #launching = 0;
  #inFlight = new Set<Promise<void>>();
  #closed = longLivedController();
  #backoffUntil = 0;
  #hits = 0;
  #misses = 0;
  #ticker: NodeJS.Timeout;

  constructor(
    private readonly launch: Launch<S>,
    private readonly opts: PoolOptions,
    private readonly log: Logger,
  ) {
    this.#ticker = setInterval(() => this.#tick(), TICK_MS).unref();
  }

  /** Keeps this key warm from now on, whether or not it is asked for. */
  pin(key: string, spec: S) {
    this.#state(key, spec).pinned = true;
    this.#refill();
  }

  /**
   * An idle sandbox for this key, or undefined (the caller starts one cold). Either way, the key is kept
   * warm. After a hit the replacement waits for refill(), called once the run has answered: starting a
   * container is CPU-bound, and would otherwise compete with the very run the pool just served.
   */
  take(key: string, spec: S): Sandbox | undefined {
    const state = this.#state(key, spec);
    state.lastWantedMs = Date.now();
    let found: Sandbox | undefined;
    while (!found && state.idle.length > 0) {
      const s = state.idle.shift()!;
      if (s.idle) found = s;
      else void s.dispose(); // died while waiting (daemon restart, killed from outside)
    }
    if (found) this.#hits++;
    else {
      this.#misses++;
      this.#refill();
    }
    return found;
  }

  /** Starts the replacements a take left owing (the ticker does too, within a second, if nobody calls). */
  refill() {
    this.#refill();
  }

  /**
   * true when a key is pinned and every pinned key has at least one idle sandbox: before the first pin
   * (the service pins the default shape once its image is ready) nothing is warm yet.
   */
  get warm(): boolean {
    const pinned = [...this.#keys.values()].filter((k) => k.pinned);
    return pinned.length > 0 && pinned.every((k) => k.idle.some((s) => s.idle));
  }

  get stats() {
    let idle = 0;
    for (const k of this.#keys.values()) idle += k.idle.length;
    return { idle, launching: this.#launching, keys: this.#keys.size, warm: this.warm, hits: this.#hits, misses: this.#misses };
  }

  async close(): Promise<void> {
    this.#closed.abort();
    clearInterval(this.#ticker);
    await Promise.all(this.#inFlight); // each disposes what it launched once it sees the pool closed
    const all = [...this.#keys.values()].flatMap((k) => k.idle.splice(0));
    await Promise.all(all.map((s) => s.dispose()));
  }

  #state(key: string, spec: S): KeyState<S> {
    let state = this.#keys.get(key);
    if (!state) {
      this.#makeRoom();
      state = { spec, lastWantedMs: Date.now(), pinned: false, idle: [], launching: 0 };
      this.#keys.set(key, state);
    }
    return state;
  }

  /** A caller cycling through shapes must not make the pool hold a container for each. */
  #makeRoom() {
    if (this.#keys.size < this.opts.maxKeys) return;
    const unpinned = [...this.#keys].filter(([, k]) => !k.pinned).sort(([, a], [, b]) => a.lastWantedMs - b.lastWantedMs);
    const [key, oldest] = unpinned[0] ?? [];
    if (!key || !oldest) return;
    for (const s of oldest.idle.splice(0)) void s.dispose();
    this.#keys.delete(key); // a launch still under way for it disposes what it made (#launchFor)
  }

  #wanted(state: KeyState<S>, now: number) {
    return state.pinned || now - state.lastWantedMs < this.opts.idleMs;
  }

  /** Starts launches for the keys furthest below their size, within the concurrency and while allowed. */
  #refill() {
    const now = Date.now();
    while (
      !this.#closed.signal.aborted &&
      this.#launching < this.opts.refillConcurrency &&
      now >= this.#backoffUntil &&
      this.opts.mayRefill()
    ) {
      let neediest: [string, KeyState<S>] | undefined;
      let deficit = 0;
      for (const entry of this.#keys) {
        const [, k] = entry;
        if (!this.#wanted(k, now)) continue;
        const d = this.opts.size - k.idle.length - k.launching;
        if (d > deficit) [neediest, deficit] = [entry, d];
      }
      if (!neediest) return;
      const launch = this.#launchFor(...neediest);
      this.#inFlight.add(launch);
      void launch.finally(() => this.#inFlight.delete(launch));
    }
  }

  async #launchFor(key: string, state: KeyState<S>) {
    this.#launching++;
    state.launching++;
    try {
      const s = await this.launch(state.spec, this.#closed.signal);
      if (this.#closed.signal.aborted || this.#keys.get(key) !== state) await s.dispose();
      else state.idle.push(s);
    } catch (err) {
      if (!this.#closed.signal.aborted) {
        this.#backoffUntil = Date.now() + BACKOFF_MS;
        this.log.warn({ err, key }, `could not start a pooled sandbox; retrying in ${BACKOFF_MS / 1000}s`);
      }
    } finally {
      this.#launching--;
      state.launching--;
      this.#refill();
    }
  }

  /** Replaces stale idle sandboxes, forgets keys nobody wants, and refills. */
  #tick() {
    const now = Date.now();
    for (const [key, k] of this.#keys) {
      const stale = k.idle.filter((s) => !s.idle || now - s.startedAtMs > this.opts.idleMs);
      k.idle = k.idle.filter((s) => !stale.includes(s));
      for (const s of stale) void s.dispose();
      if (!this.#wanted(k, now)) {
        for (const s of k.idle.splice(0)) void s.dispose();
        if (k.launching === 0) this.#keys.delete(key);
      }
    }
    this.#refill();
  }
}
