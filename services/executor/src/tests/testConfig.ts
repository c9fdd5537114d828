// The configuration and app the tests build: the real service, with test-sized limits.
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createExecutor } from '../compose.js';
import type { DockerEngine } from '../docker/containerClient.js';
import { LABEL } from '../docker/labels.js';

export const TEST_IMAGE = process.env.EXECUTOR_IMAGE ?? 'edgeql-nodejs-sandbox';

export function testConfig(env: Record<string, string> = {}) {
  return loadConfig({
    EXECUTOR_IMAGE: TEST_IMAGE,
    EXECUTOR_MAX_MEMORY_MB: '1024',
    EXECUTOR_MAX_TIME_LIMIT_SEC: '60',
    EXECUTOR_MAX_RESULT_BYTES: String(256 * 1024),
    EXECUTOR_MAX_LOG_BYTES: String(64 * 1024),
    EXECUTOR_MAX_LOG_ENTRIES: '200',
    EXECUTOR_MAX_CONCURRENCY: '2',
    // One warm sandbox per request shape: the first run of a shape starts cold, the next ones warm.
    EXECUTOR_POOL_SIZE: '1',
    // Off, so the suites prove the in-container guard; tests/preflight.test.ts turns it on.
    EXECUTOR_PREFLIGHT: 'false',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ...(process.env.EXECUTOR_BASE_IMAGE ? { EXECUTOR_BASE_IMAGE: process.env.EXECUTOR_BASE_IMAGE } : {}),
    // The runsc suites (pnpm test:runsc) run the same tests under gVisor.
    ...(process.env.EXECUTOR_RUNTIME ? { EXECUTOR_RUNTIME: process.env.EXECUTOR_RUNTIME } : {}),
    ...env,
  });
}

/** The real app over the real engine; every container it makes carries this instance's label. */
export async function testApp(opts: { env?: Record<string, string>; engine?: DockerEngine; now?: () => number } = {}) {
  const config = testConfig(opts.env);
  const logger = pino({ level: config.logLevel });
  const instanceId = `test-${randomUUID()}`;
  const executor = createExecutor(config, logger, {
    instanceId,
    ...(opts.engine ? { engine: opts.engine } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  });
  const app = buildApp({ config, logger, ...executor });
  await app.ready();
  const leftBehind = async () =>
    (await executor.engine.listByLabel(`${LABEL.createdBy}=${instanceId}`, AbortSignal.timeout(10_000))).map((c) => c.id);
  return { app, config, executor, instanceId, leftBehind };
}
