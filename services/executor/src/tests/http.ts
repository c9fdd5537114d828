// What the Docker suites send and read over HTTP: the answer's shape, and POST /execute that expects a 200.
import { expect } from 'vitest';

/** A 200 answer of POST /execute: the result, or success false and the violation. */
export type ExecuteBody = {
  executionId: string;
  success: boolean;
  result?: unknown;
  error?: { type: string; message: string; details: Record<string, unknown> };
  logs: Array<{ level: string; message: string }>;
  stats: { memoryUsed: number; peakMemory: number; executionTime: number; rss: number };
};

/** Just the part of the app these helpers use. */
type Injects = {
  inject(o: {
    method: 'POST';
    url: string;
    payload: object;
  }): PromiseLike<{ statusCode: number; body: string; headers: Record<string, unknown>; json(): unknown }>;
};

/** POST /execute through app.inject; the answer must be a 200 carrying its execution id in a header too. */
export async function executeOk(app: Injects, spec: Record<string, unknown>): Promise<ExecuteBody> {
  const res = await app.inject({ method: 'POST', url: '/execute', payload: spec });
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as ExecuteBody;
  expect(body.executionId).toBe(res.headers['x-execution-id']);
  return body;
}

/** Polls until ok() holds, or fails naming what it waited for. */
export async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
