// POST /execute's bodies are read off the main thread: a small pool of worker threads (piscina) parses
// each one, validates it with the zod schema, runs pre-flight on its code and serialises its inputs and
// params, so a body of millions of elements costs the event loop nothing it would notice. The pool is
// bounded (past its queue, BUSY), its threads run below the event loop's priority and have heap to spare
// for the worst body the limit admits, and a thread that fails fails only its own body (a 500 that says
// so) and is replaced.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { ExecutorError } from '../outcome/executorError.js';
import type { BodyReading } from '../spec/readBody.js';

/** What a reading thread needs of the configuration: the schema's maxima and whether to run pre-flight. */
export type BodyReaderSettings = Pick<Config, 'maxLimits' | 'request'>;

export interface BodyReadersOptions {
  settings: BodyReaderSettings;
  /** bodies waiting for a thread (beyond those being read); one more is refused BUSY */
  maxQueue: number;
  log: Pick<Logger, 'warn' | 'error'>;
  /** default: one thread per core but one, at most 4 (one on a 2-core machine, leaving a core to the event loop and Docker) */
  threads?: number;
  /** each thread's heap, in MB; default: enough for the worst body the body limit admits */
  heapMb?: number;
  /** how long a body may take to be read, its wait for a thread included */
  deadlineMs?: number;
}

const MiB = 1024 * 1024;
/**
 * Heap per MiB of body limit. The worst bodies measured at 8 MiB, params of a million small keys (zod
 * copies a record) and inputs of nothing but empty objects, need up to 384 and 256 MB while read (up to
 * 48 MB per MiB); this gives each thread well over twice that, and never under 512 MB. It must be
 * generous: reaching the limit ends the thread alone (ERR_WORKER_OUT_OF_MEMORY) only at best, as some
 * allocations, such as growing one huge array, abort the whole process instead (Node.js issue 47224).
 */
const HEAP_MB_PER_BODY_MIB = 128;
const DEADLINE_MS = 60_000;
const COPY_BELOW_BYTES = 64 * 1024;
/** below the event loop: on a busy machine, the thread that answers /health/live gets the CPU first */
const NICE = 5;

export class BodyReaders {
  readonly #pool: Piscina<Uint8Array, BodyReading>;
  readonly #log: Pick<Logger, 'warn' | 'error'>;
  readonly #deadlineMs: number;
  /** bodies being read or waiting, at most: the threads' and the queue's */
  readonly #capacity: number;
  #inFlight = 0;
  readonly heapMb: number;

  constructor(o: BodyReadersOptions) {
    this.#log = o.log;
    this.#deadlineMs = o.deadlineMs ?? DEADLINE_MS;
    this.heapMb = o.heapMb ?? Math.max(512, Math.ceil((o.settings.request.bodyLimitBytes / MiB) * HEAP_MB_PER_BODY_MIB));
    const threads = o.threads ?? Math.max(1, Math.min(4, availableParallelism() - 1));
    this.#capacity = threads + o.maxQueue;
    const worker = workerFile();
    this.#pool = new Piscina<Uint8Array, BodyReading>({
      filename: worker.filename,
      ...(worker.execArgv ? { execArgv: worker.execArgv } : {}),
      workerData: { maxLimits: o.settings.maxLimits, request: o.settings.request } satisfies BodyReaderSettings,
      minThreads: 1,
      maxThreads: threads,
      // The queue is bounded in read(): piscina does not bound tasks that carry an abort signal.
      // A limit of the thread's own, sized from the body limit rather than the machine's memory.
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb },
      niceIncrement: NICE,
      // idle threads past the first go after a minute, so a burst does not keep their heaps
      idleTimeout: 60_000,
    });
    // Errors outside any task (a thread failing between tasks): logged; the pool replaces the thread.
    this.#pool.on('error', (err: unknown) => this.#log.error({ err }, 'a body-reading thread failed between bodies'));
  }

  /**
   * Reads one body in a thread. A large body's buffer is handed to the thread rather than copied, so the
   * caller gives it up (receiveBody's buffer is the body's alone); a small one, which may be a view into
   * a buffer shared with others (Node's Buffer pool), is copied, at a cost of microseconds.
   */
  async read(body: Uint8Array): Promise<BodyReading> {
    if (this.#inFlight >= this.#capacity) throw new ExecutorError('BUSY', 'too many request bodies are waiting to be read; retry shortly');
    const bytes = body.byteLength >= COPY_BELOW_BYTES && body.buffer instanceof ArrayBuffer ? body : new Uint8Array(body);
    this.#inFlight++;
    try {
      return await this.#pool.run(bytes, { transferList: [bytes.buffer as ArrayBuffer], signal: AbortSignal.timeout(this.#deadlineMs) });
    } catch (err) {
      throw this.#refusal(err);
    } finally {
      this.#inFlight--;
    }
  }

  /** the pool's threads, for tests that make one fail */
  get threads(): readonly Worker[] {
    return this.#pool.threads;
  }

  /** Ends the threads; bodies still being read fail (the app is closing). */
  async close(): Promise<void> {
    await this.#pool.destroy();
  }

  #refusal(err: unknown): ExecutorError {
    const e = err as Error & { code?: string };
    if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      this.#log.warn({ heapMb: this.heapMb }, 'a body needed more memory to read than a body-reading thread has');
      return new ExecutorError('PAYLOAD_TOO_LARGE', `the body needs more than ${this.heapMb} MB to read`);
    }
    // Anything else is ours, not the body's: a 500 that says what failed (the cause goes to the log only).
    const timedOut = e.name === 'AbortError' || e.name === 'TimeoutError';
    return new ExecutorError(
      'INTERNAL',
      timedOut
        ? `the request body was not read within ${this.#deadlineMs / 1000} s`
        : 'the thread reading the request body failed; it is replaced, and a retry is read by another',
      undefined,
      { cause: err },
    );
  }
}

/**
 * The thread's entry file beside this one. Run from the sources (tsx, vitest) it is TypeScript, and the
 * thread needs the same loader the process was started with; built, it is plain JavaScript.
 */
function workerFile(): { filename: string; execArgv?: string[] } {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.ts')) return { filename: fileURLToPath(new URL('./bodyWorker.js', import.meta.url)) };
  const filename = fileURLToPath(new URL('./bodyWorker.ts', import.meta.url));
  // A thread inherits the process's flags: started with tsx (the service from its sources), it has it.
  if (process.execArgv.some((a) => a.includes('tsx'))) return { filename };
  return { filename, execArgv: ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] };
}
