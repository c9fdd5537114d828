// The worker started before the job arrives (EDGEQL_WORKER_HEAP_MB): the same guard and limits as a
// worker started for the job, and a fresh worker when the job asks for another heap limit.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { job, runRunner } = require('./support/runner.js');

const warm = { env: { EDGEQL_WORKER_HEAP_MB: '256' }, jobDelayMs: 400 };

describe('a pre-started worker', () => {
  it('runs the job it is handed, and the clock starts with the job, not the boot', async () => {
    const run = await runRunner(job({ code: 'return require("lodash").sum(inputs)', inputs: [1, 2, 3] }), warm);
    expect(run.message).toMatchObject({ type: 'result', value: 6 });
    expect(run.message.stats.executionTime).toBeLessThan(0.3);
  });

  it('keeps the guard', async () => {
    const run = await runRunner(job({ code: "return eval('1')" }), warm);
    expect(run.message).toMatchObject({ type: 'violation', error: { type: 'DYNAMIC_CODE' } });
  });

  it('keeps the heap limit it was started with', async () => {
    const bomb = 'const a = []; while (true) a.push(new Array(1e5).fill({ x: 1 }));';
    const run = await runRunner(job({ code: bomb, limits: { memoryLimitMb: 256, timeLimitSec: 10 } }), warm);
    expect(run.message).toMatchObject({ type: 'violation', error: { type: 'MEMORY_LIMIT', details: { limit: 256 } } });
  });

  it('is replaced by a fresh worker when the job asks for another heap limit', async () => {
    const run = await runRunner(job({ code: 'return 7', limits: { memoryLimitMb: 128 } }), warm);
    expect(run.message).toMatchObject({ type: 'result', value: 7 });
  });
});
