// Starts the real service as a child process (node --import tsx src/server.ts) for the tests that kill it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_IMAGE } from './testConfig.js';

const SERVICE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** everything the service wrote, for assertions and for a failing test's message */
  output: () => string;
  /** resolves with the exit code (or signal) within the deadline, or rejects */
  exited: (deadlineMs: number) => Promise<number | string>;
}

/** Spawns the service and waits until /health/live answers, each with its own deadline. */
export async function startService(env: Record<string, string>, readyDeadlineMs = 30_000): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: SERVICE_DIR,
    env: {
      PATH: process.env.PATH ?? '',
      ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}),
      EXECUTOR_HOST: '127.0.0.1',
      EXECUTOR_PORT: String(port),
      EXECUTOR_IMAGE: TEST_IMAGE,
      EXECUTOR_BUILD_IMAGE: 'false', // globalSetup made sure the image is current
      EXECUTOR_MAX_TIME_LIMIT_SEC: '60',
      EXECUTOR_MAX_MEMORY_MB: '1024',
      EXECUTOR_MAX_CONCURRENCY: '2',
      EXECUTOR_POOL_SIZE: '0', // the container counts below are of executions only
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const exited = (deadlineMs: number) =>
    Promise.race([exit, sleep(deadlineMs).then(() => Promise.reject(new Error(`service did not exit within ${deadlineMs} ms:\n${out}`)))]);
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + readyDeadlineMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service exited early (${child.exitCode}):\n${out}`);
    const ok = await fetch(`${url}/health/live`, { signal: AbortSignal.timeout(1_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`service not live within ${readyDeadlineMs} ms:\n${out}`);
    }
    await sleep(200);
  }
  return { url, child, output: () => out, exited };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until check() is true, or fails with what it last saw. */
export async function eventually<T>(what: string, probe: () => Promise<T>, check: (v: T) => boolean, deadlineMs: number): Promise<T> {
  const until = Date.now() + deadlineMs;
  let last: T;
  for (;;) {
    last = await probe();
    if (check(last)) return last;
    if (Date.now() > until) throw new Error(`${what}: not within ${deadlineMs} ms (last: ${JSON.stringify(last)})`);
    await sleep(200);
  }
}
