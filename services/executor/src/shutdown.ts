// Graceful shutdown: refuse new executions, let running ones finish up to the grace, stop the rest, clean up.
import type { Logger } from 'pino';
import { ExecutorError } from './outcome/executorError.js';
import { longLivedController } from './linkedSignal.js';

/** The drain state the routes read: new executions are refused once it starts; cutOff() stops running ones. */
export class Drain {
  #draining = false;
  readonly #cutoff = longLivedController();

  get draining(): boolean {
    return this.#draining;
  }

  /** aborted at the end of the grace: a run that sees it removes its container and answers SHUTTING_DOWN */
  get signal(): AbortSignal {
    return this.#cutoff.signal;
  }

  start() {
    this.#draining = true;
  }

  cutOff() {
    this.#draining = true;
    this.#cutoff.abort(new ExecutorError('SHUTTING_DOWN', 'the service is shutting down and stopped this execution; retry'));
  }
}

export interface ShutdownPlan {
  drain: Drain;
  /** stops listening and resolves when every request in flight has been answered (Fastify's close) */
  close: () => Promise<void>;
  graceMs: number;
  /** after the cut-off, how long the stopped executions get to answer before we stop waiting */
  flushMs: number;
  /** removes every container this instance still owns; the count removed */
  removeRemaining: () => Promise<number>;
  log: Logger;
}

export type ShutdownResult = { exitCode: number; finishedInGrace: boolean; removed: number };

/** Runs the whole sequence and says how it went; the caller exits the process. */
export async function shutdownGracefully(p: ShutdownPlan): Promise<ShutdownResult> {
  p.drain.start();
  const closed = p.close().then(
    () => 'closed' as const,
    (err: unknown) => {
      p.log.error({ err }, 'closing the server failed');
      return 'failed' as const;
    },
  );
  let how = await Promise.race([closed, delay(p.graceMs, 'grace' as const)]);
  const finishedInGrace = how !== 'grace';
  if (how === 'grace') {
    p.log.warn({ graceMs: p.graceMs }, 'grace period over: stopping the executions still running');
    p.drain.cutOff();
    how = await Promise.race([closed, delay(p.flushMs, 'grace' as const)]);
  }
  const removed = await p.removeRemaining().catch((err: unknown) => {
    p.log.error({ err }, 'could not remove the remaining sandboxes');
    return 0;
  });
  if (removed > 0) p.log.warn({ removed }, 'removed sandboxes still there at shutdown');
  return { exitCode: how === 'failed' ? 1 : 0, finishedInGrace, removed };
}

const delay = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms).unref());
