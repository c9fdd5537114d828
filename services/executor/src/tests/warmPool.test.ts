// The warm pool against real Docker: a pooled sandbox serves one execution and goes, and every
// per-request limit holds on the warm path exactly as on the cold one (read from inside the sandbox).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 30_000) {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function execute(spec: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'POST', url: '/execute', payload: spec });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { success: boolean; result?: unknown; error?: { type: string; details: Record<string, unknown> } };
}

/** What the sandbox itself sees of its limits: cgroup memory, RLIMIT_CPU, network interfaces. */
const probe = `
  const fs = require('fs');
  const cpu = fs.readFileSync('/proc/self/limits', 'utf8').split('\\n').find((l) => l.startsWith('Max cpu time'));
  return {
    memoryBytes: Number(fs.readFileSync('/sys/fs/cgroup/memory/memory.limit_in_bytes', 'utf8')),
    cpuSeconds: cpu.trim().split(/\\s+/).slice(3, 5).map(Number),
    interfaces: Object.keys(require('os').networkInterfaces()).sort(),
    marker: fs.existsSync('/tmp/marker'),
    polluted: Object.prototype.polluted === true,
  };`;
const leaveTraces = `require('fs').writeFileSync('/tmp/marker', 'x'); Object.prototype.polluted = true; return 1;`;

describe('the warm pool', () => {
  const defaults = { memoryLimit: 512, timeLimit: 30, enableNetworking: false };

  it('keeps the pinned shape warm, and a warm sandbox serves one execution, then goes', async () => {
    t.executor.runner.warmUp(defaults);
    await until('the pool is warm', () => t.executor.runner.pool!.warm);
    const [pooled] = await t.leftBehind();
    expect(pooled).toBeDefined();

    const body = await execute({ code: 'return 42' });
    expect(body).toMatchObject({ success: true, result: 42 });
    await until('the used sandbox is removed', async () => !(await t.leftBehind()).includes(pooled!));
    await until('the pool refills', () => t.executor.runner.pool!.warm);
  });

  it('never lets one execution see another: files, prototypes', async () => {
    await until('the pool is warm', () => t.executor.runner.pool!.warm);
    expect(await execute({ code: leaveTraces, enableFileSystem: true })).toMatchObject({ success: true });
    await until('the pool is warm again', () => t.executor.runner.pool!.warm);
    const seen = await execute({ code: probe, enableFileSystem: true });
    expect(seen.result).toMatchObject({ marker: false, polluted: false });
  });

  it.each([
    ['the default shape', {}, 512, [32, 33], ['lo']],
    ['a smaller memory limit (resized on take)', { memoryLimit: 96 }, 96, [32, 33], ['lo']],
    ['a larger memory limit (resized on take)', { memoryLimit: 700 }, 700, [32, 33], ['lo']],
    ['a short time limit (its own key)', { timeLimit: 1 }, 512, [3, 4], ['lo']],
    ['networking on (its own key)', { enableNetworking: true }, 512, [32, 33], ['eth0', 'lo']],
  ])('%s: the limits inside are the request’s, warm or cold', async (_what, spec, memoryMb, cpuSeconds, interfaces) => {
    for (const round of ['first (cold for a new shape)', 'second (warm)']) {
      await until('a sandbox is idle for the shape', () => round.startsWith('first') || t.executor.runner.pool!.stats.idle > 0);
      const body = await execute({ code: probe, enableFileSystem: true, ...spec });
      expect(body.result, round).toEqual({
        memoryBytes: (memoryMb + t.config.sandbox.memoryHeadroomMb) * MiB,
        cpuSeconds,
        interfaces,
        marker: false,
        polluted: false,
      });
    }
  });

  it('holds the memory limit on a warm sandbox resized down', async () => {
    await until('the pool is warm', () => t.executor.runner.pool!.warm);
    const body = await execute({ code: 'const keep = []; while (true) keep.push(Buffer.alloc(4 * MiB, 1));'.replace('MiB', String(MiB)), memoryLimit: 96, timeLimit: 20 });
    expect(body).toMatchObject({ success: false, error: { type: 'MEMORY_LIMIT', details: { limit: 96 } } });
  });

  it('a client that goes away gives its slot back, and its container goes', async () => {
    const gone = new AbortController();
    const run = t.executor.runner.run(
      { code: 'while (true) {}', inputs: {}, params: {}, memoryLimit: 512, timeLimit: 30, enableNetworking: false, enableFileSystem: false },
      { signal: gone.signal },
    );
    await until('the run holds a slot', () => t.executor.slots.stats.running === 1);
    await new Promise((r) => setTimeout(r, 500));
    gone.abort(new Error('client went away'));
    await expect(run).rejects.toThrow('client went away');
    await until('the slot is free', () => t.executor.slots.stats.running === 0, 15_000);
    const left = await t.leftBehind();
    expect(left.length, 'only idle pooled sandboxes remain').toBeLessThanOrEqual(t.executor.runner.pool!.stats.idle + t.executor.runner.pool!.stats.launching);
  });
});
