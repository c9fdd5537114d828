// A signal that aborts with the first of its sources, and can be unhooked from them once its work is
// done. Node 20's AbortSignal.any leaves every signal it makes, with the listeners added to it, reachable
// from a long-lived source (the shutdown signal, the pool's), so a service that made one per request
// grew by kilobytes per execution. Here the caller releases the link in a finally.
import { setMaxListeners } from 'node:events';

export interface LinkedSignal {
  readonly signal: AbortSignal;
  /** Detaches from the sources; the signal stays as it is. Safe to call twice. */
  release(): void;
}

export function linkSignals(...sources: AbortSignal[]): LinkedSignal {
  const controller = new AbortController();
  const onAbort = (event: Event) => {
    release();
    controller.abort((event.target as AbortSignal).reason);
  };
  const release = () => {
    for (const s of sources) s.removeEventListener('abort', onAbort);
  };
  const already = sources.find((s) => s.aborted);
  if (already) controller.abort(already.reason);
  else for (const s of sources) s.addEventListener('abort', onAbort);
  return { signal: controller.signal, release };
}

/** Runs `call` with a signal linked to `sources`, and releases the link when the call settles. */
export async function withLinkedSignal<T>(sources: AbortSignal[], call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const link = linkSignals(...sources);
  try {
    return await call(link.signal);
  } finally {
    link.release();
  }
}

/** Runs `call` with a signal that aborts at the deadline or with `signal`, whichever comes first. */
export function withDeadline<T>(ms: number, signal: AbortSignal, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return withLinkedSignal([AbortSignal.timeout(ms), signal], call);
}

/**
 * A controller whose signal lives as long as the service (shutdown, the pool's closing): every run under
 * way links to it at once, so it may hold more listeners than Node's warning threshold of ten.
 */
export function longLivedController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
