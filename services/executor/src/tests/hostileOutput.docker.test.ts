// Hostile output through the whole service: a node that prints without end (through console, and straight
// to the container's stdout), returns a 500 MB string, throws an object whose getters loop, or returns a
// value whose toJSON never ends. Each gets its violation within the limits, and the service's own memory
// (this process: the app runs in-process here) stays flat across the batch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './serviceProcess.js';
import { testApp } from './testConfig.js';

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp({ env: { EXECUTOR_POOL_SIZE: '0' } });
});
afterAll(async () => {
  // the answer does not wait for the removal (the slot does): give the last removals their time
  const left = await eventually(
    'every sandbox is removed',
    () => t.leftBehind(),
    (l) => l.length === 0,
    20_000,
  ).catch(() => t.leftBehind());
  await t.app.close();
  expect(left, 'every sandbox is removed after its run').toEqual([]);
});

const MiB = 1024 * 1024;
/** the test config's largest timeLimit answer time: the limit, Docker's start and teardown on a busy machine */
const answerWithinMs = (timeLimitSec: number) => timeLimitSec * 1000 + 15_000;

const HOSTILE: Array<[string, Record<string, unknown>, string[]]> = [
  ['prints through console without end', { code: 'for (;;) console.log("x".repeat(1000));', timeLimit: 10 }, ['OUTPUT_LIMIT']],
  [
    "tries to write to the container's stdout past the runner",
    {
      code: 'const fs = require("fs"); const b = Buffer.alloc(65536, 120); for (;;) fs.writeSync(1, b);',
      enableFileSystem: true,
      timeLimit: 10,
    },
    // The sandbox's fs takes only the descriptors the code opened itself: descriptor 1 is the runner's,
    // so the write fails as on a closed descriptor. The service's own cap on a flooded stdout is proved
    // with the guard off (nodes/js/attacks/unguarded/frame-flood.js ends as OUTPUT_LIMIT).
    ['RUNTIME_ERROR'],
  ],
  [
    'returns a 500 MB string',
    { code: 'return "x".repeat(500 * 1024 * 1024);', memoryLimit: 1024, timeLimit: 20 },
    // over the result cap; or, when serialising it does not fit the sandbox's memory, over that first
    ['OUTPUT_LIMIT', 'MEMORY_LIMIT'],
  ],
  [
    'throws an object whose getters loop',
    { code: 'throw { get message() { for (;;) {} }, get name() { for (;;) {} }, get stack() { for (;;) {} } };', timeLimit: 2 },
    ['TIMEOUT'],
  ],
  ['returns a value whose toJSON never finishes', { code: 'return { toJSON() { for (;;) {} } };', timeLimit: 2 }, ['TIMEOUT']],
];

async function run(spec: Record<string, unknown>) {
  const t0 = Date.now();
  const res = await t.app.inject({ method: 'POST', url: '/execute', payload: spec });
  return { res, ms: Date.now() - t0 };
}

describe('hostile output', () => {
  it.each(HOSTILE)(
    '%s: the right violation, within the limits',
    async (_what, spec, types) => {
      const { res, ms } = await run(spec);
      expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
      const body = res.json();
      expect(body.success).toBe(false);
      expect(types, JSON.stringify(body.error).slice(0, 500)).toContain(body.error.type);
      expect(res.body.length, 'the answer itself is bounded').toBeLessThan(2 * t.config.output.maxResultBytes);
      expect(ms).toBeLessThan(answerWithinMs(spec.timeLimit as number));
    },
    60_000,
  );

  it("the service's memory stays flat across a batch of all of them", async () => {
    const before = process.memoryUsage();
    for (let round = 0; round < 2; round++) {
      const results = [];
      // two at a time: at most two sandboxes on this shared machine
      for (let i = 0; i < HOSTILE.length; i += 2) {
        results.push(...(await Promise.all(HOSTILE.slice(i, i + 2).map(([, spec]) => run(spec)))));
      }
      for (const { res } of results) expect(res.json().success).toBe(false);
    }
    const after = process.memoryUsage();
    const grew = { rssMb: (after.rss - before.rss) / MiB, heapMb: (after.heapUsed - before.heapUsed) / MiB };
    process.stdout.write(`service memory across 10 hostile runs: ${JSON.stringify(grew)}\n`);
    // Buffering one 500 MB result, or the endless stdout, would add hundreds of MB here.
    expect(grew.rssMb).toBeLessThan(150);
    expect(grew.heapMb).toBeLessThan(100);
  }, 240_000);
});
