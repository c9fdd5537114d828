// The service as a process: SIGKILL then restart removes what it owned at once, a second instance never
// removes the first one's live sandboxes, and SIGTERM drains, cuts off at the grace, cleans up and exits.
// Every service here is a real child process (node --import tsx src/server.ts) over the real Docker engine.
import { randomUUID } from 'node:crypto';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { LABEL } from '../docker/labels.js';
import { eventually, sleep, startService, type ServiceProcess } from './serviceProcess.js';

const docker = new Docker();
const ids: string[] = [];
const started: ServiceProcess[] = [];
const newInstanceId = () => {
  const id = `test-life-${randomUUID().slice(0, 8)}`;
  ids.push(id);
  return id;
};
const containersOf = async (instanceId: string) =>
  docker.listContainers({ all: true, filters: { label: [`${LABEL.createdBy}=${instanceId}`] } });
const start = async (env: Record<string, string>) => {
  const s = await startService(env);
  started.push(s);
  return s;
};
const execute = (s: ServiceProcess, spec: Record<string, unknown>) =>
  fetch(`${s.url}/execute`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(spec),
    signal: AbortSignal.timeout(60_000),
  });
const SLOW = { code: 'await new Promise((r) => setTimeout(r, 25_000)); return 1;', timeLimit: 40 };

afterAll(async () => {
  for (const s of started) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  const left = (await Promise.all(ids.map(containersOf))).flat();
  await Promise.allSettled(left.map((c) => docker.getContainer(c.Id).remove({ force: true })));
  expect(
    left.map((c) => c.Labels[LABEL.createdBy]),
    'containers the tests had to remove themselves',
  ).toEqual([]);
}, 60_000);

describe('ownership across restarts', () => {
  it('a service killed with SIGKILL leaves its sandbox running; started again with its id, it removes it before serving', async () => {
    const id = newInstanceId();
    const first = await start({ EXECUTOR_INSTANCE_ID: id });
    const inFlight = execute(first, SLOW).catch((err: unknown) => err);
    const [c] = await eventually(
      'the sandbox is running',
      () => containersOf(id),
      (l) => l.some((x) => x.State === 'running'),
      20_000,
    );
    first.child.kill('SIGKILL');
    expect(await first.exited(10_000)).toBe('SIGKILL');
    await inFlight;
    expect((await docker.getContainer(c!.Id).inspect()).State.Running, 'nothing removed it: its owner is dead').toBe(true);

    const second = await start({ EXECUTOR_INSTANCE_ID: id });
    // live means listening, and the service listens only after it removed its predecessor's sandboxes
    expect(await containersOf(id)).toEqual([]);
    expect(second.output()).toContain("removed the sandboxes of this instance's previous run");
    const metrics = await (await fetch(`${second.url}/metrics`)).text();
    expect(metrics).toMatch(/edgeql_containers_swept_total\{reason="restart"\} 1/);
    second.child.kill('SIGKILL');
    await second.exited(10_000);
  }, 90_000);

  it("a second service on the same engine, with another id, leaves the first one's live sandbox alone", async () => {
    const idA = newInstanceId();
    const idB = newInstanceId();
    const a = await start({ EXECUTOR_INSTANCE_ID: idA });
    const inFlight = execute(a, { ...SLOW, code: 'await new Promise((r) => setTimeout(r, 8_000)); return "a";' });
    await eventually(
      'A runs a sandbox',
      () => containersOf(idA),
      (l) => l.some((x) => x.State === 'running'),
      20_000,
    );
    const b = await start({ EXECUTOR_INSTANCE_ID: idB, EXECUTOR_SWEEP_INTERVAL_SEC: '5' });
    await sleep(6_000); // B's start-up cleanup, its first age sweep and one more on its interval
    expect((await containersOf(idA)).map((c) => c.State)).toEqual(['running']);
    const res = await inFlight;
    expect(await res.json()).toMatchObject({ success: true, result: 'a' });
    b.child.kill('SIGTERM');
    a.child.kill('SIGTERM');
    expect(await b.exited(15_000)).toBe(0);
    expect(await a.exited(15_000)).toBe(0);
  }, 90_000);
});

describe('SIGTERM', () => {
  it('stops accepting, lets a running execution finish within the grace, then exits 0 with nothing left', async () => {
    const id = newInstanceId();
    const s = await start({ EXECUTOR_INSTANCE_ID: id, EXECUTOR_SHUTDOWN_GRACE_SEC: '30' });
    const inFlight = execute(s, { code: 'await new Promise((r) => setTimeout(r, 4_000)); return "done";', timeLimit: 20 });
    await eventually(
      'the sandbox is running',
      () => containersOf(id),
      (l) => l.some((x) => x.State === 'running'),
      20_000,
    );
    s.child.kill('SIGTERM');
    await sleep(300);
    const late = await execute(s, { code: 'return 1' }).then(
      (r) => r.status,
      (err: Error) => (err.cause as { code?: string } | undefined)?.code ?? err.message,
    );
    expect(late, 'a new connection is refused while draining').toBe('ECONNREFUSED');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ success: true, result: 'done' });
    expect(await s.exited(15_000)).toBe(0);
    expect(s.output()).toContain('"finishedInGrace":true');
    expect(await containersOf(id)).toEqual([]);
  }, 90_000);

  it('past the grace, stops what still runs: the client gets SHUTTING_DOWN, the sandbox goes, the process exits 0', async () => {
    const id = newInstanceId();
    const s = await start({ EXECUTOR_INSTANCE_ID: id, EXECUTOR_SHUTDOWN_GRACE_SEC: '2' });
    const inFlight = execute(s, SLOW);
    await eventually(
      'the sandbox is running',
      () => containersOf(id),
      (l) => l.some((x) => x.State === 'running'),
      20_000,
    );
    const t0 = Date.now();
    s.child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await res.json()).toMatchObject({ success: false, error: { type: 'SHUTTING_DOWN' } });
    expect(await s.exited(15_000)).toBe(0);
    expect(Date.now() - t0, 'grace of 2 s, then a bounded flush').toBeLessThan(14_000);
    expect(s.output()).toContain('"finishedInGrace":false');
    expect(await containersOf(id)).toEqual([]);
  }, 90_000);
});
