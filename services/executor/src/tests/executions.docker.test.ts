// Asynchronous executions and Idempotency-Key through the real service and real sandboxes: 202 and a
// Location, the answer read back (long-polled), DELETE of a running and of a queued execution, and one run
// for two requests with the same key. Which runs started is read off the engine (each one-shot sandbox
// carries its execution id as a label), not off the service's word.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL } from '../docker/labels.js';
import { until } from './http.js';
import { testApp } from './testConfig.js';

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  // One slot and no pool: a second execution waits in the queue, and every sandbox is its run's own.
  t = await testApp({ env: { EXECUTOR_MAX_CONCURRENCY: '1', EXECUTOR_POOL_SIZE: '0' } });
});
afterAll(async () => {
  await t.app.close();
  expect(await t.leftBehind(), 'every sandbox is removed').toEqual([]);
});

const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, payload, headers });
const sandboxesOf = async (executionId: string) =>
  (await t.executor.engine.listByLabel(`${LABEL.runId}=${executionId}`, AbortSignal.timeout(10_000))).map((c) => c.id);

describe('asynchronous executions', () => {
  it('answers 202 with a Location, then the same answer POST /execute gives, once it is there', async () => {
    const res = await post('/executions', {
      code: 'await new Promise((r) => setTimeout(r, 500)); return inputs.n * 2;',
      inputs: { n: 21 },
    });
    expect(res.statusCode, res.body).toBe(202);
    const { executionId, state } = res.json() as { executionId: string; state: string };
    expect(res.headers.location).toBe(`/executions/${executionId}`);
    expect(['queued', 'running']).toContain(state);
    const done = await t.app.inject({ method: 'GET', url: `/executions/${executionId}?waitSec=20` });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      state: 'finished',
      executionId,
      success: true,
      result: 42,
      logs: [],
      stats: { executionTime: expect.any(Number) },
    });
  });

  it('refuses what POST /execute refuses, with the same field and reason', async () => {
    const res = await post('/executions', { code: 'return 1', memoryLimit: 1 });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ success: false, error: { type: 'INVALID_SPEC', details: { fields: [{ field: 'memoryLimit' }] } } });
  });

  it('cancels a running execution: its sandbox is stopped and the answer says cancelled', async () => {
    const { executionId } = (
      await post('/executions', { code: 'await new Promise((r) => setTimeout(r, 30_000)); return 1;', timeLimit: 40 })
    ).json() as {
      executionId: string;
    };
    await until('its sandbox runs', async () => (await sandboxesOf(executionId)).length === 1, 20_000);
    const del = await t.app.inject({ method: 'DELETE', url: `/executions/${executionId}` });
    expect(del.statusCode, del.body).toBe(409);
    expect(del.json()).toMatchObject({ state: 'cancelled', executionId, success: false, error: { type: 'CANCELLED' } });
    await until('its sandbox is gone', async () => (await sandboxesOf(executionId)).length === 0, 15_000);
    const later = await t.app.inject({ method: 'GET', url: `/executions/${executionId}` });
    expect(later.json()).toMatchObject({ state: 'cancelled', error: { type: 'CANCELLED' } });
  });

  it('cancels a queued execution before it ever starts', async () => {
    const first = (await post('/executions', { code: 'await new Promise((r) => setTimeout(r, 2000)); return "first";' })).json() as {
      executionId: string;
    };
    const queued = (await post('/executions', { code: 'return "never";' })).json() as { executionId: string; state: string };
    expect(queued.state).toBe('queued');
    const del = await t.app.inject({ method: 'DELETE', url: `/executions/${queued.executionId}` });
    expect(del.json()).toMatchObject({ state: 'cancelled', error: { type: 'CANCELLED' } });
    const done = await t.app.inject({ method: 'GET', url: `/executions/${first.executionId}?waitSec=20` });
    expect(done.json()).toMatchObject({ state: 'finished', result: 'first' });
    await new Promise((r) => setTimeout(r, 500));
    expect(await sandboxesOf(queued.executionId), 'no sandbox was ever made for it').toEqual([]);
  });

  it('says which ids it does not know, and which waits it will not hold', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/executions/00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/executions/not-an-id' })).json()).toMatchObject({
      error: { type: 'INVALID_REQUEST', details: { fields: [{ field: 'path.id' }] } },
    });
    const tooLong = await t.app.inject({
      method: 'GET',
      url: `/executions/00000000-0000-4000-8000-000000000000?waitSec=${t.config.executions.maxWaitSec + 1}`,
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json()).toMatchObject({ error: { type: 'INVALID_REQUEST', details: { fields: [{ field: 'query.waitSec' }] } } });
  });
});

describe('Idempotency-Key', () => {
  it('runs the code once for two requests with the same key, and answers both with that run', async () => {
    const spec = { code: 'await new Promise((r) => setTimeout(r, 1500)); return Math.random();' };
    const headers = { 'idempotency-key': `key-${Date.now()}` };
    // Watched from outside while both are in flight: every sandbox made carries its run's id.
    const runIds = new Set<string>();
    let watching = true;
    const watch = (async () => {
      while (watching) {
        const all = await t.executor.engine.listByLabel(`${LABEL.createdBy}=${t.instanceId}`, AbortSignal.timeout(10_000));
        for (const c of all) runIds.add(c.labels[LABEL.runId]!);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const [a, b] = await Promise.all([post('/execute', spec, headers), post('/execute', spec, headers)]);
    watching = false;
    await watch;
    expect(a.statusCode, a.body).toBe(200);
    expect(b.statusCode, b.body).toBe(200);
    expect(b.json(), 'one run answered both (a second would draw another number)').toEqual(a.json());
    const { executionId } = a.json() as { executionId: string };
    expect([...runIds], 'only one sandbox was made, for the first request').toEqual([executionId]);
    const c = await post('/executions', spec, headers);
    expect(c.statusCode).toBe(202);
    expect(c.json()).toMatchObject({ executionId, state: 'finished' });
  });

  it('refuses the same key with another request', async () => {
    const headers = { 'idempotency-key': `other-${Date.now()}` };
    expect((await post('/executions', { code: 'return 1' }, headers)).statusCode).toBe(202);
    const res = await post('/executions', { code: 'return 2' }, headers);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ error: { type: 'IDEMPOTENCY_KEY_REUSED', details: { executionId: expect.any(String) } } });
  });
});
