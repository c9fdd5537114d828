// Asynchronous executions and their answers, kept in this process: bounded by count and by bytes, each
// finished answer kept for a time to live, and an Idempotency-Key index that attaches a retried request
// to the execution it already started. Lost on restart (standalone mode says so in the README).
import type { Answer } from '../outcome/toHttp.js';

export type ExecutionState = 'queued' | 'running' | 'finished' | 'cancelled';

export interface Execution {
  readonly id: string;
  state: ExecutionState;
  readonly createdMs: number;
  finishedMs?: number;
  /** the answer POST /execute would have given, serialised once; set once: the first answer wins */
  answer?: Answer;
  readonly idempotencyKey?: string;
  /** what the request asked for, hashed: the same key with another request is refused */
  readonly fingerprint?: string;
}

export interface StoreOptions {
  /** how long a finished execution's answer is kept */
  ttlMs: number;
  /** answers kept in all, in bytes of their bodies; past it the oldest finished ones go first */
  maxBytes: number;
  /** executions kept in all (finished or not) */
  maxEntries: number;
  now?: () => number;
}

export class ExecutionStore {
  readonly #byId = new Map<string, Execution>();
  readonly #byKey = new Map<string, string>();
  readonly #waiters = new Map<string, Set<() => void>>();
  #bytes = 0;

  constructor(private readonly o: StoreOptions) {}

  get size(): number {
    return this.#byId.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** The execution with this id, unless it expired. */
  get(id: string): Execution | undefined {
    this.#expire();
    return this.#byId.get(id);
  }

  /** The execution a key started, unless it expired. */
  byKey(key: string): Execution | undefined {
    const id = this.#byKey.get(key);
    return id === undefined ? undefined : this.get(id);
  }

  /** A new queued execution; false when the store is full of unfinished ones (the caller answers BUSY). */
  add(id: string, o: { idempotencyKey?: string; fingerprint?: string } = {}): Execution | false {
    this.#expire();
    if (this.#byId.size >= this.o.maxEntries) this.#evictFinished(() => this.#byId.size >= this.o.maxEntries);
    if (this.#byId.size >= this.o.maxEntries) return false;
    const e: Execution = { id, state: 'queued', createdMs: this.#now(), ...o };
    this.#byId.set(id, e);
    if (o.idempotencyKey !== undefined) this.#byKey.set(o.idempotencyKey, id);
    return e;
  }

  running(id: string) {
    const e = this.#byId.get(id);
    if (e?.state === 'queued') e.state = 'running';
  }

  /** Records the answer; an execution already answered keeps its first one. */
  finish(id: string, answer: Answer, state: 'finished' | 'cancelled' = 'finished'): void {
    const e = this.#byId.get(id);
    if (!e || e.answer) return;
    e.answer = answer;
    e.state = state;
    e.finishedMs = this.#now();
    this.#bytes += answer.bytes;
    this.#evictFinished(() => this.#bytes > this.o.maxBytes, id);
    for (const wake of this.#waiters.get(id) ?? []) wake();
    this.#waiters.delete(id);
  }

  /** Resolves once the execution is answered, or after `ms`, or when `signal` aborts, whichever is first. */
  async wait(id: string, ms: number, signal?: AbortSignal): Promise<Execution | undefined> {
    const e = this.get(id);
    if (!e || e.answer || ms <= 0 || signal?.aborted) return e;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.#waiters.get(id)?.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      const set = this.#waiters.get(id) ?? new Set();
      set.add(done);
      this.#waiters.set(id, set);
    });
    return this.#byId.get(id);
  }

  #now(): number {
    return (this.o.now ?? Date.now)();
  }

  #remove(e: Execution) {
    this.#byId.delete(e.id);
    if (e.idempotencyKey !== undefined && this.#byKey.get(e.idempotencyKey) === e.id) this.#byKey.delete(e.idempotencyKey);
    if (e.answer) this.#bytes -= e.answer.bytes;
  }

  /** Finished answers past their time to live go. */
  #expire() {
    const now = this.#now();
    for (const e of this.#byId.values()) {
      if (e.finishedMs !== undefined && now - e.finishedMs > this.o.ttlMs) this.#remove(e);
    }
  }

  /** The oldest finished executions go (never `keep`, the one just answered) while `over()` holds. */
  #evictFinished(over: () => boolean, keep?: string) {
    for (const e of this.#byId.values()) {
      if (!over()) return;
      if (e.answer && e.id !== keep) this.#remove(e);
    }
  }
}
