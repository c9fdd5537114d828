// Faults around a running sandbox: the Docker engine goes away and comes back, and a sandbox container is
// killed or removed from outside. The real service (in-process) over the real Docker engine.
//
// "Docker goes away" is simulated without stopping the real dockerd (other engineers' tests use it at the
// same time): the service's dockerode talks to a unix-socket proxy (DockerSocketProxy) in front of
// /var/run/docker.sock; stop() closes the proxy's listener, removes its socket file and cuts every live
// connection, which is what the service sees when dockerd stops; start() listens again, as when it returns.
// The containers themselves keep running on the real engine meanwhile, as they would across a daemon
// restart with live-restore, which is the harder case for cleanup.
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { DockerodeClient } from '../docker/dockerodeClient.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL } from '../docker/labels.js';
import { DockerSocketProxy } from './dockerSocketProxy.js';
import { eventually } from './serviceProcess.js';
import { testApp } from './testConfig.js';

// The engine itself, not through the port: the test acts on containers from outside the service.
const direct = new Docker();
const proxy = new DockerSocketProxy(path.join(tmpdir(), `edgeql-docker-proxy-${randomUUID().slice(0, 8)}.sock`));
let t: Awaited<ReturnType<typeof testApp>>;

const containersOf = async (instanceId: string) =>
  direct.listContainers({ all: true, filters: { label: [`${LABEL.createdBy}=${instanceId}`] } });
const SLOW = { code: 'await new Promise((r) => setTimeout(r, 20_000)); return 1;', timeLimit: 30 };

beforeAll(async () => {
  await proxy.start();
  t = await testApp({ engine: new DockerodeClient({ socketPath: proxy.path }), env: { EXECUTOR_POOL_SIZE: '0' } });
});
afterAll(async () => {
  await proxy.start().catch(() => undefined);
  await t.app.close();
  await proxy.stop();
  const left = await containersOf(t.instanceId);
  await Promise.allSettled(left.map((c) => direct.getContainer(c.Id).remove({ force: true })));
  expect(
    left.map((c) => c.Id),
    'every sandbox is removed',
  ).toEqual([]);
}, 60_000);

describe('the Docker engine goes away and comes back', () => {
  it('in flight: a 5xx infrastructure error; new requests: 503 with Retry-After; not ready; then it recovers by itself', async () => {
    const inFlight = t.app.inject({ method: 'POST', url: '/execute', payload: SLOW });
    const [c] = await eventually(
      'the sandbox runs',
      () => containersOf(t.instanceId),
      (l) => l.some((x) => x.State === 'running'),
      20_000,
    );

    const t0 = Date.now();
    await proxy.stop();
    const res = await inFlight;
    expect(Date.now() - t0, 'the in-flight request does not wait for its time limit').toBeLessThan(10_000);
    expect(res.statusCode).toBeGreaterThanOrEqual(500);
    const body = res.json();
    expect(body.success).toBe(false);
    expect(['DOCKER_UNAVAILABLE', 'SANDBOX_FAILED'], JSON.stringify(body)).toContain(body.error.type);

    const fresh = await t.app.inject({ method: 'POST', url: '/execute', payload: { code: 'return 1' } });
    expect(fresh.statusCode).toBe(503);
    expect(fresh.headers['retry-after']).toBeDefined();
    expect(fresh.json()).toMatchObject({ success: false, error: { type: 'DOCKER_UNAVAILABLE' } });
    const ready = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ ready: false, docker: { reachable: false } });
    expect((await t.app.inject({ method: 'GET', url: '/health/live' })).statusCode, 'alive: a restart would not help').toBe(200);
    // the engine never saw the removal: the sandbox of the failed run is still there
    expect((await direct.getContainer(c!.Id).inspect()).State.Running).toBe(true);

    await proxy.start();
    const again = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect(again.statusCode).toBe(200);
    const ok = await t.app.inject({ method: 'POST', url: '/execute', payload: { code: 'return 2' } });
    expect(ok.json()).toMatchObject({ success: true, result: 2 });
    // the stranded sandbox goes as soon as Docker answers, not at the age sweep minutes later
    await eventually(
      'the stranded sandbox is removed',
      () => containersOf(t.instanceId),
      (l) => l.length === 0,
      15_000,
    );
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/edgeql_docker_errors_total\{code="DOCKER_UNAVAILABLE",where="execute"\} [1-9]/);
    expect(metrics).toMatch(/edgeql_containers_swept_total\{reason="stranded"\} 1/);
  }, 90_000);
});

describe('a sandbox container killed or removed from outside during a run', () => {
  it.each([
    ['killed', (id: string) => direct.getContainer(id).kill()],
    ['removed', (id: string) => direct.getContainer(id).remove({ force: true })],
  ])(
    '%s: SANDBOX_FAILED (502) well within the deadline, not a hang and not a user violation',
    async (_how, act) => {
      const inFlight = t.app.inject({ method: 'POST', url: '/execute', payload: SLOW });
      const [c] = await eventually(
        'the sandbox runs',
        () => containersOf(t.instanceId),
        (l) => l.some((x) => x.State === 'running'),
        20_000,
      );
      const t0 = Date.now();
      await act(c!.Id);
      const res = await inFlight;
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(res.statusCode, res.body).toBe(502);
      expect(res.json()).toMatchObject({ success: false, error: { type: 'SANDBOX_FAILED' } });
      await eventually(
        'nothing left',
        () => containersOf(t.instanceId),
        (l) => l.length === 0,
        15_000,
      );
    },
    60_000,
  );
});
