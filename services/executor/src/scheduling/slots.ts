// Bounds how many sandboxes run at once and how many requests may wait; past the queue, BUSY (503).
import { ExecutorError } from '../errors.js';

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
    if (this.#running >= this.max) {
      if (this.#waiting.length >= this.maxQueue) {
        throw new ExecutorError('BUSY', 'all sandboxes are busy and the queue is full; retry later', undefined, {
          retryAfterSec: 1,
        });
      }
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
    this.#running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#running--;
      this.#waiting.shift()?.();
    };
  }

  get stats() {
    return { running: this.#running, waiting: this.#waiting.length, max: this.max, maxQueue: this.maxQueue };
  }
}
