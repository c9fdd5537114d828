// Opt-in reuse against real Docker: the same code for the same tenant may share a sandbox, each run in a
// fresh worker and context with nothing of the last one left; other tenants and other code never share.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeSpec } from '../spec/nodeSpec.js';
import { testApp } from './testConfig.js';

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp({ env: { EXECUTOR_POOL_SIZE: '0', EXECUTOR_REUSE_MAX_RUNS: '3', EXECUTOR_REUSE_MAX_IDLE: '4' } });
});
afterAll(async () => {
  await t.app.close();
  expect(await t.leftBehind(), 'closing removes idle reuse sandboxes').toEqual([]);
});

// Each run leaves traces where they would persist if anything were shared: a global, a property on a
// host module object (the worker's module cache), a file in /tmp; and checks they took effect.
const TRACES = `
  const _ = require('lodash');
  const fs = require('fs');
  const seen = { leak: typeof leak, hostObject: typeof _.leakMark, file: fs.existsSync('/tmp/trace') };
  globalThis.leak = 1; _.leakMark = 1; fs.writeFileSync('/tmp/trace', 'x');
  return { ...seen, tookEffect: typeof leak === 'number' && _.leakMark === 1 && fs.existsSync('/tmp/trace') };`;
const CLEAN = { leak: 'undefined', hostObject: 'undefined', file: false, tookEffect: true };

const spec = (over: Partial<NodeSpec>): NodeSpec => ({
  code: TRACES,
  inputs: {},
  params: {},
  memoryLimit: 256,
  timeLimit: 5,
  enableNetworking: false,
  enableFileSystem: true,
  reuseKey: 'tenant-a',
  ...over,
});

async function run(s: NodeSpec) {
  let container = '';
  let cpuLimit: Promise<unknown> | undefined;
  const outcome = await t.executor.orchestrator.run(s, {
    onSandbox: (id) => {
      container = id;
      cpuLimit = t.executor.engine
        .inspect(id, AbortSignal.timeout(10_000))
        .then((i) => i.hostConfig.Ulimits?.find((u) => u.Name === 'cpu'));
    },
  });
  return { container, outcome, cpuLimit: await cpuLimit };
}

describe('reuse mode', () => {
  it('serves the same code for the same tenant from one sandbox, each run clean, up to the run cap', async () => {
    const runs = [];
    for (let i = 0; i < 4; i++) runs.push(await run(spec({})));
    for (const r of runs) expect(r.outcome).toEqual(expect.objectContaining({ kind: 'result', value: CLEAN }));
    expect(runs[1]!.container).toBe(runs[0]!.container);
    expect(runs[2]!.container).toBe(runs[0]!.container);
    expect(runs[3]!.container, 'the fourth run is past the cap of 3: a new sandbox').not.toBe(runs[0]!.container);
    // RLIMIT_CPU counts over the runner's whole life: a reuse sandbox's is sized for its 3 runs of (5 + 2) s
    expect(runs[0]!.cpuLimit).toEqual({ Name: 'cpu', Soft: 21, Hard: 22 });
  });

  it('never shares between tenants, codes or limits', async () => {
    const base = await run(spec({ reuseKey: 'tenant-b' }));
    const again = await run(spec({ reuseKey: 'tenant-b' }));
    expect(again.container).toBe(base.container);
    for (const other of [
      spec({ reuseKey: 'tenant-c' }),
      spec({ reuseKey: 'tenant-b', code: `${TRACES}\n// another node` }),
      spec({ reuseKey: 'tenant-b', memoryLimit: 128 }),
      spec({ reuseKey: undefined }),
    ]) {
      expect((await run(other)).container).not.toBe(base.container);
    }
  });

  it('retires a sandbox after a timeout, and a one-shot run’s sandbox is removed', async () => {
    const slow = spec({ reuseKey: 'tenant-d', code: 'if (inputs.spin) while (true) {} return 1;', timeLimit: 1, enableFileSystem: false });
    const first = await run({ ...slow, inputs: {} });
    const timedOut = await run({ ...slow, inputs: { spin: true } });
    expect(timedOut.container).toBe(first.container);
    expect(timedOut.outcome).toMatchObject({ kind: 'violation', violation: { type: 'TIMEOUT' } });
    const after = await run({ ...slow, inputs: {} });
    expect(after.container, 'after a timeout the sandbox is not reused').not.toBe(first.container);

    const oneShot = await run(spec({ reuseKey: undefined }));
    await expect.poll(async () => (await t.leftBehind()).includes(oneShot.container), { timeout: 10_000 }).toBe(false);
  });

  it('retires a sandbox whose worker left work running that it could not stop, and the next run gets a fresh one', async () => {
    // Thread-pool work outlives the run that started it: the runner cannot stop that worker in time.
    const leftover = spec({
      reuseKey: 'tenant-f',
      code: "if (inputs.leave) for (let i = 0; i < 4; i++) require('crypto').pbkdf2('a', 'b', 3e7, 64, 'sha512', () => {}); return inputs.n;",
      enableFileSystem: false,
    });
    const first = await run({ ...leftover, inputs: { n: 1 } });
    const leaving = await run({ ...leftover, inputs: { n: 2, leave: true } });
    expect(leaving.container).toBe(first.container);
    expect(leaving.outcome).toMatchObject({ kind: 'result', value: 2 });
    const next = await run({ ...leftover, inputs: { n: 3 } });
    expect(next.outcome, 'the next run is served, and gets its own answer').toMatchObject({ kind: 'result', value: 3 });
    expect(next.container, 'not by the sandbox whose worker may still be running').not.toBe(first.container);
  });

  it('is asked for over HTTP with reuseKey', async () => {
    const ask = () => t.app.inject({ method: 'POST', url: '/execute', payload: { code: 'return 5', reuseKey: 'tenant-e' } });
    expect((await ask()).json()).toMatchObject({ success: true, result: 5 });
    expect((await ask()).json()).toMatchObject({ success: true, result: 5 });
    const bad = await t.app.inject({ method: 'POST', url: '/execute', payload: { code: 'return 5', reuseKey: 'no spaces' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields).toContainEqual({
      field: 'reuseKey',
      reason: 'must be 1-128 letters, digits, dots, colons, dashes or underscores',
    });
  });
});
