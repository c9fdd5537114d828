// The warm pool against real Docker: a pooled sandbox serves one execution and goes, and every
// per-request limit holds on the warm path exactly as on the cold one (read from inside the sandbox).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import type { NodeSpec } from '../spec/nodeSpec.js';
import { executeOk, until } from './http.js';
import { testApp } from './testConfig.js';

const MiB = 1024 * 1024;
let t: Awaited<ReturnType<typeof testApp>>;

beforeAll(async () => {
  t = await testApp({ env: { EXECUTOR_POOL_SIZE: '1', EXECUTOR_MAX_CONCURRENCY: '2' } });
});
afterAll(async () => {
  await t.app.close();
  expect(await t.leftBehind(), 'closing removes idle pooled sandboxes too').toEqual([]);
});

const execute = (spec: Record<string, unknown>) => executeOk(t.app, spec);

const leaveTraces = `require('fs').writeFileSync('/tmp/marker', 'x'); Object.prototype.polluted = true; globalThis.leak = 1; return 1;`;
const lookForTraces = `return { marker: require('fs').existsSync('/tmp/marker'), polluted: Object.prototype.polluted === true, leak: typeof leak };`;

const spec = (over: Partial<NodeSpec> = {}): NodeSpec => ({
  code: 'await new Promise((r) => setTimeout(r, 1000)); return Object.keys(require("os").networkInterfaces()).sort();',
  inputs: {},
  params: {},
  memoryLimit: 512,
  timeLimit: 30,
  enableNetworking: false,
  enableFileSystem: false,
  ...over,
});

/** Runs the spec and reads, while it runs, the limits Docker applies to the container serving it. */
async function runAndInspect(s: NodeSpec) {
  let served: Promise<{ warm: boolean; hostConfig: Docker.HostConfig }> | undefined;
  const outcome = await t.executor.orchestrator.run(s, {
    onSandbox: (id, warm) => {
      served = t.executor.engine.inspect(id, AbortSignal.timeout(10_000)).then((i) => ({ warm, hostConfig: i.hostConfig }));
    },
  });
  const { warm, hostConfig: h } = await served!;
  return {
    warm,
    memoryBytes: h.Memory,
    cpuSeconds: h.Ulimits?.find((u) => u.Name === 'cpu'),
    network: h.NetworkMode,
    interfaces: outcome.kind === 'result' ? outcome.value : outcome,
  };
}

describe('the warm pool', () => {
  const defaults = { memoryLimit: 512, timeLimit: 30, enableNetworking: false };

  it('keeps the pinned shape warm, and a warm sandbox serves one execution, then goes', async () => {
    t.executor.orchestrator.warmUp(defaults);
    const cold = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect(cold.statusCode, 'not ready while the kept-warm shape has no idle sandbox').toBe(503);
    await until('the pool is warm', () => t.executor.orchestrator.pool!.warm);
    expect((await t.app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).body).toMatch(/^edgeql_pooled_sandboxes 1$/m);
    const [pooled] = await t.leftBehind();
    expect(pooled).toBeDefined();

    const body = await execute({ code: 'return 42' });
    expect(body).toMatchObject({ success: true, result: 42 });
    await until('the used sandbox is removed', async () => !(await t.leftBehind()).includes(pooled!));
    await until('the pool refills', () => t.executor.orchestrator.pool!.warm);
  });

  it('never lets one execution see another: files, prototypes, globals', async () => {
    await until('the pool is warm', () => t.executor.orchestrator.pool!.warm);
    expect(await execute({ code: leaveTraces, enableFileSystem: true })).toMatchObject({ success: true });
    await until('the pool is warm again', () => t.executor.orchestrator.pool!.warm);
    const seen = await execute({ code: lookForTraces, enableFileSystem: true });
    expect(seen.result).toEqual({ marker: false, polluted: false, leak: 'undefined' });
  });

  it.each([
    ['the default shape', {}, 512, { Soft: 32, Hard: 33 }, 'none', ['lo']],
    ['a smaller memory limit (resized on take)', { memoryLimit: 96 }, 96, { Soft: 32, Hard: 33 }, 'none', ['lo']],
    ['a larger memory limit (resized on take)', { memoryLimit: 700 }, 700, { Soft: 32, Hard: 33 }, 'none', ['lo']],
    ['a short time limit (its own key)', { timeLimit: 2 }, 512, { Soft: 4, Hard: 5 }, 'none', ['lo']],
    ['networking on (its own key)', { enableNetworking: true }, 512, { Soft: 32, Hard: 33 }, 'edgeql-sandbox-net', ['eth0', 'lo']],
  ])('%s: the limits are the request’s, cold and then warm', async (_what, over, memoryMb, cpu, network, interfaces) => {
    for (const round of ['cold', 'warm']) {
      if (round === 'warm')
        await until(
          'a sandbox is idle for the shape',
          () => t.executor.orchestrator.pool!.stats.idle >= t.executor.orchestrator.pool!.stats.keys,
        );
      const { warm, ...seen } = await runAndInspect(spec(over));
      expect(seen, round).toEqual({
        memoryBytes: (memoryMb + t.config.sandbox.memoryHeadroomMb) * MiB,
        cpuSeconds: { Name: 'cpu', ...cpu },
        network,
        interfaces,
      });
      if (round === 'warm') expect(warm, 'the second run of a shape is served warm').toBe(true);
    }
  });

  it('holds the memory limit on a warm sandbox resized down', async () => {
    await until('the pool is warm', () => t.executor.orchestrator.pool!.warm);
    const body = await execute({
      code: 'const keep = []; while (true) keep.push(Buffer.alloc(4 * MiB, 1));'.replace('MiB', String(MiB)),
      memoryLimit: 96,
      timeLimit: 20,
    });
    expect(body).toMatchObject({ success: false, error: { type: 'MEMORY_LIMIT', details: { limit: 96 } } });
  });

  it('a client that goes away gives its slot back, and its container goes', async () => {
    const gone = new AbortController();
    const run = t.executor.orchestrator.run(
      {
        code: 'while (true) {}',
        inputs: {},
        params: {},
        memoryLimit: 512,
        timeLimit: 30,
        enableNetworking: false,
        enableFileSystem: false,
      },
      { signal: gone.signal },
    );
    await until('the run holds a slot', () => t.executor.slots.stats.running === 1);
    await new Promise((r) => setTimeout(r, 500));
    gone.abort(new Error('client went away'));
    await expect(run).rejects.toThrow('client went away');
    await until('the slot is free', () => t.executor.slots.stats.running === 0, 15_000);
    const left = await t.leftBehind();
    expect(left.length, 'only idle pooled sandboxes remain').toBeLessThanOrEqual(
      t.executor.orchestrator.pool!.stats.idle + t.executor.orchestrator.pool!.stats.launching,
    );
  });
});

describe('under overload', () => {
  it('answers every request with a result or 503 BUSY, and leaves only the pool behind', async () => {
    const small = await testApp({ env: { EXECUTOR_POOL_SIZE: '1', EXECUTOR_MAX_CONCURRENCY: '1', EXECUTOR_MAX_QUEUE: '1' } });
    try {
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => small.app.inject({ method: 'POST', url: '/execute', payload: { code: 'return 7' } })),
      );
      const statuses = answers.map((a) => a.statusCode).sort();
      expect(
        statuses.filter((s) => s !== 200 && s !== 503),
        'only results and refusals',
      ).toEqual([]);
      expect(statuses.filter((s) => s === 200).length, 'the slot and the queue were served').toBeGreaterThanOrEqual(2);
      for (const a of answers) {
        if (a.statusCode === 200) expect(a.json()).toMatchObject({ success: true, result: 7 });
        else {
          expect(a.json()).toMatchObject({ success: false, error: { type: 'BUSY' } });
          expect(a.headers['retry-after']).toBe('1');
        }
      }
    } finally {
      await small.app.close();
    }
    expect(await small.leftBehind()).toEqual([]);
  });
});
