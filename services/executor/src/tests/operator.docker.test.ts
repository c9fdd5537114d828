// What an operator sees: liveness and readiness, Prometheus metrics that say why executions ended, the
// OpenAPI document generated from the zod spec schema, and logs that carry one execution id from request
// to container to result without user code unless configured. Real app, real Docker.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { createExecutor } from '../compose.js';
import { loggerOptions } from '../logger.js';
import { eventually } from './serviceProcess.js';
import { testConfig } from './testConfig.js';
import { LABEL } from '../docker/labels.js';

async function appWithLogs(logUserData: boolean) {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  const config = testConfig({ EXECUTOR_POOL_SIZE: '0', LOG_LEVEL: 'info', EXECUTOR_LOG_USER_DATA: String(logUserData) });
  const logger = pino(loggerOptions('info', config.logUserData), sink);
  const instanceId = `test-op-${randomUUID().slice(0, 8)}`;
  const executor = createExecutor(config, logger, { instanceId });
  const app = buildApp({ config, logger, ...executor });
  await app.ready();
  const leftBehind = async () =>
    (await executor.engine.listByLabel(`${LABEL.createdBy}=${instanceId}`, AbortSignal.timeout(10_000))).map((c) => c.id);
  return { app, lines, leftBehind };
}

const apps: Array<Awaited<ReturnType<typeof appWithLogs>>> = [];
afterAll(async () => {
  for (const a of apps) {
    const left = await eventually('sandboxes removed', a.leftBehind, (l) => l.length === 0, 20_000).catch(() => a.leftBehind());
    await a.app.close();
    expect(left).toEqual([]);
  }
});

describe('operator endpoints', () => {
  it('live, ready, metrics by outcome and type, and the OpenAPI document from the zod schema', async () => {
    const a = await appWithLogs(false);
    apps.push(a);
    expect((await a.app.inject({ method: 'GET', url: '/health/live' })).json()).toEqual({ status: 'ok' });
    const ready = await a.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ ready: true, docker: { reachable: true }, image: { present: true }, draining: false });

    const ok = await a.app.inject({ method: 'POST', url: '/execute', payload: { code: 'return 41 + 1' } });
    expect(ok.json()).toMatchObject({ success: true, result: 42 });
    const bad = await a.app.inject({ method: 'POST', url: '/execute', payload: { code: 'const x = null; return x.y;' } });
    expect(bad.json()).toMatchObject({ success: false, error: { type: 'RUNTIME_ERROR' } });

    const metrics = await a.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.body).toMatch(/edgeql_executions_total\{outcome="success",type="none"\} 1/);
    expect(metrics.body).toMatch(/edgeql_executions_total\{outcome="violation",type="RUNTIME_ERROR"\} 1/);
    expect(metrics.body).toMatch(/edgeql_execution_duration_seconds_count\{outcome="success"\} 1/);
    for (const name of ['edgeql_queue_depth', 'edgeql_running_sandboxes', 'edgeql_pooled_sandboxes', 'process_resident_memory_bytes']) {
      expect(metrics.body).toContain(`# TYPE ${name} gauge`);
    }

    const doc = (await a.app.inject({ method: 'GET', url: '/docs/json' })).json();
    const body = doc.paths['/execute'].post.requestBody.content['application/json'].schema;
    expect(body).toMatchObject({ type: 'object', additionalProperties: false, required: ['code'] });
    expect(body.properties.memoryLimit).toMatchObject({ type: 'integer', minimum: 64, maximum: 1024 });
    expect((await a.app.inject({ method: 'GET', url: '/docs/' })).statusCode).toBe(200);
  });
});

describe('logs', () => {
  const SECRET = `secret-${randomUUID()}`;
  const run = async (logUserData: boolean) => {
    const a = await appWithLogs(logUserData);
    apps.push(a);
    const res = await a.app.inject({
      method: 'POST',
      url: '/execute',
      payload: { code: `return "${SECRET}".length`, inputs: { token: SECRET } },
    });
    const id = res.json().executionId as string;
    return { a, id, text: a.lines.map((l) => JSON.stringify(l)).join('\n') };
  };

  it('one execution id on the request, the run (with its container) and the answer; no user code or inputs', async () => {
    const { a, id, text } = await run(false);
    const mine = a.lines.filter((l) => l.executionId === id).map((l) => l.msg);
    expect(mine).toEqual(expect.arrayContaining(['incoming request', 'run finished', 'execution answered', 'request completed']));
    expect(a.lines.find((l) => l.msg === 'run finished' && l.executionId === id)).toHaveProperty('containerId');
    expect(text).not.toContain(SECRET);
  });

  it('with EXECUTOR_LOG_USER_DATA=true, the spec is logged', async () => {
    const { text } = await run(true);
    expect(text).toContain(SECRET);
  });
});
