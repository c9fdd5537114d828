// Executions started now and answered later: POST /executions, GET and DELETE /executions/{id}, and an
// Idempotency-Key on either POST. Each runs through the same path as POST /execute; the store keeps its
// state and, once it ends, the very answer POST /execute would have given.
import { createHash, randomUUID } from 'node:crypto';
import { ExecutorError } from '../outcome/executorError.js';
import { type Answer, errorAnswer } from '../outcome/toHttp.js';
import type { Execution, ExecutionStore } from './store.js';

/** Runs one spec to its answer; told when the execution's sandbox is about to get its job. */
export type RunToAnswer<S> = (spec: S, o: { executionId: string; signal: AbortSignal; onStarted: () => void }) => Promise<Answer>;

/** 1-255 visible ASCII characters: a client's token, kept as it is. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export class Executions<S> {
  readonly #running = new Map<string, AbortController>();

  constructor(
    private readonly store: ExecutionStore,
    private readonly runToAnswer: RunToAnswer<S>,
  ) {}

  /**
   * Starts the spec, or, for a key seen before, hands back the execution that key started.
   * @param fingerprint what the request asks for: a known key with another request is refused
   */
  submit(spec: S, o: { executionId?: string; idempotencyKey?: string; fingerprint: string }): { execution: Execution; created: boolean } {
    if (o.idempotencyKey !== undefined) {
      const seen = this.store.byKey(o.idempotencyKey);
      if (seen) {
        if (seen.fingerprint !== o.fingerprint) {
          throw new ExecutorError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was sent before with another request', {
            executionId: seen.id,
          });
        }
        return { execution: seen, created: false };
      }
    }
    const id = o.executionId ?? randomUUID();
    const execution = this.store.add(id, {
      fingerprint: o.fingerprint,
      ...(o.idempotencyKey !== undefined ? { idempotencyKey: o.idempotencyKey } : {}),
    });
    if (!execution) throw new ExecutorError('BUSY', 'too many executions are kept; retry later');
    const cancel = new AbortController();
    this.#running.set(id, cancel);
    void this.runToAnswer(spec, { executionId: id, signal: cancel.signal, onStarted: () => this.store.running(id) })
      .then(
        (answer) => this.store.finish(id, answer, cancel.signal.aborted ? 'cancelled' : 'finished'),
        (err: unknown) => this.store.finish(id, errorAnswer(id, asError(err))),
      )
      .finally(() => this.#running.delete(id));
    return { execution, created: true };
  }

  /** The execution, once answered or after `waitMs`, whichever is first; undefined for an unknown id. */
  get(id: string, waitMs = 0, signal?: AbortSignal): Promise<Execution | undefined> {
    return this.store.wait(id, waitMs, signal);
  }

  /**
   * Cancels it: a queued one never starts, a running one's sandbox is stopped (the run sees its signal
   * abort, as if its client had gone). An answered one is left as it is. Undefined for an unknown id.
   */
  cancel(id: string): Execution | undefined {
    const execution = this.store.get(id);
    if (!execution || execution.answer) return execution;
    this.#running.get(id)?.abort(new ExecutorError('CANCELLED', 'the execution was cancelled'));
    // Answered at once: whatever the run still does, its answer comes second and is dropped.
    this.store.finish(id, errorAnswer(id, new ExecutorError('CANCELLED', 'the execution was cancelled')), 'cancelled');
    return execution;
  }
}

/**
 * What identifies a request for its Idempotency-Key (the same key must come with the same request): its
 * parts hashed in order, each with its length, so no two different lists hash alike.
 */
export function fingerprintOf(parts: ReadonlyArray<string | Uint8Array>): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(`${typeof p === 'string' ? Buffer.byteLength(p) : p.byteLength}:`).update(p);
  return h.digest('hex');
}

/** The Idempotency-Key header, checked; undefined when absent. */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? header[0] : header;
  if (key === undefined || !IDEMPOTENCY_KEY.test(key)) {
    throw new ExecutorError('INVALID_REQUEST', 'Idempotency-Key: must be 1-255 visible ASCII characters', {
      fields: [{ field: 'Idempotency-Key', reason: 'must be 1-255 visible ASCII characters' }],
    });
  }
  return key;
}

const asError = (err: unknown): ExecutorError =>
  err instanceof ExecutorError ? err : new ExecutorError('INTERNAL', 'internal error', undefined, { cause: err });
