// Opt-in reuse: sandboxes kept between executions of the same code for the same tenant (the request's
// reuseKey), each execution in a fresh worker and context, with caps on runs, age and idle sandboxes.
// Sandboxes of different keys are never shared: the key names the tenant, the exact code and the limits.
import { createHash } from 'node:crypto';
import type { Sandbox } from './sandbox.js';

export interface ReuseOptions {
  /** executions one sandbox may serve */
  maxRuns: number;
  /** a sandbox older than this serves no further execution */
  maxAgeMs: number;
  /** idle reuse sandboxes kept in all; past it the oldest goes */
  maxIdle: number;
}

const TICK_MS = 1_000;

/** The tenant, the exact code and everything fixed per sandbox or job, hashed: equal keys may share. */
export function reuseKeyOf(tenant: string, code: string, limits: object): string {
  return createHash('sha256')
    .update(JSON.stringify([tenant, code, limits]))
    .digest('hex');
}

export class ReusePool {
  #idle = new Map<string, Sandbox[]>();
  #ticker: NodeJS.Timeout;

  constructor(private readonly opts: ReuseOptions) {
    this.#ticker = setInterval(() => this.#retireStale(), TICK_MS).unref();
  }

  /**
   * An idle sandbox that served this key before and may serve again, or undefined.
   * @param cpuNeedSec the CPU-seconds one more job may take: a sandbox with less left under its
   *   RLIMIT_CPU is retired rather than risk a kill that would look like the user's TIMEOUT
   */
  take(key: string, cpuNeedSec: number): Sandbox | undefined {
    const list = this.#idle.get(key) ?? [];
    let found: Sandbox | undefined;
    while (!found && list.length > 0) {
      const s = list.pop()!;
      if (this.#fit(s) && s.cpuLeftSec >= cpuNeedSec) found = s;
      else void s.dispose();
    }
    if (list.length === 0) this.#idle.delete(key);
    return found;
  }

  /** After an execution: back to the idle list if it may serve again, else removed. */
  give(key: string, sandbox: Sandbox) {
    if (!this.#fit(sandbox)) {
      void sandbox.dispose();
      return;
    }
    const list = this.#idle.get(key) ?? [];
    list.push(sandbox);
    this.#idle.set(key, list);
    this.#trim();
  }

  get stats() {
    let idle = 0;
    for (const l of this.#idle.values()) idle += l.length;
    return { idle, keys: this.#idle.size };
  }

  async close() {
    clearInterval(this.#ticker);
    const all = [...this.#idle.values()].flat();
    this.#idle.clear();
    await Promise.all(all.map((s) => s.dispose()));
  }

  #fit(s: Sandbox) {
    return s.idle && s.runs < this.opts.maxRuns && Date.now() - s.startedAtMs < this.opts.maxAgeMs;
  }

  #trim() {
    const all = [...this.#idle.entries()].flatMap(([key, list]) => list.map((s) => ({ key, s })));
    all.sort((a, b) => a.s.startedAtMs - b.s.startedAtMs);
    for (const { key, s } of all.slice(0, Math.max(0, all.length - this.opts.maxIdle))) this.#drop(key, s);
  }

  #retireStale() {
    for (const [key, list] of this.#idle) for (const s of list.filter((x) => !this.#fit(x))) this.#drop(key, s);
  }

  #drop(key: string, s: Sandbox) {
    const list = (this.#idle.get(key) ?? []).filter((x) => x !== s);
    if (list.length > 0) this.#idle.set(key, list);
    else this.#idle.delete(key);
    void s.dispose();
  }
}
