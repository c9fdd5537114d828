// Bounds how many sandboxes run at once and how many requests may wait; past the queue, BUSY (503).
import { ExecutorError } from '../outcome/executorError.js';

export type Release = () => void;

export class Slots {
  #running = 0;
  #waiting: Array<() => void> = [];

  constructor(
    private readonly max: number,
    private readonly maxQueue: number,
  ) {}

  /** Resolves with a release handle once a slot is free; a client that goes away leaves the queue. */
  async acquire(signal: AbortSignal): Promise<Release> {
    signal.throwIfAborted();
    if (this.#running < this.max) {
      this.#running++;
    } else {
      if (this.#waiting.length >= this.maxQueue) {
        throw new ExecutorError('BUSY', 'all sandboxes are busy and the queue is full; retry later');
      }
      // Resolved by a release() that hands its slot over: the running count already includes it.
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          signal.removeEventListener('abort', cancel);
          resolve();
        };
        const cancel = () => {
          this.#waiting = this.#waiting.filter((w) => w !== wake);
          reject(signal.reason);
        };
        this.#waiting.push(wake);
        signal.addEventListener('abort', cancel, { once: true });
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Handed straight to the next waiter, so no acquire() in between can take it and overshoot.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    };
  }

  get stats() {
    return { running: this.#running, waiting: this.#waiting.length, max: this.max, maxQueue: this.maxQueue };
  }
}
