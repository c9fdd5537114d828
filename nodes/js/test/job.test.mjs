// Reading jobs from stdin: one per line, the byte cap, and the checks on the fields the runner relies on.
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { readJobLines, parseJob } = require('../lib/runner/job.js');

const validJob = () => ({
  v: 1,
  code: 'return 1;',
  inputs: { a: 1 },
  params: {},
  limits: { memoryLimitMb: 128, timeLimitSec: 1, enableNetworking: false, enableFileSystem: false, allowedModules: null },
  output: { maxResultBytes: 1024, maxLogBytes: 1024, maxLogEntries: 10 },
});

const collect = async (chunks, max = 100) => {
  const out = [];
  for await (const line of readJobLines(Readable.from(chunks), max)) out.push(line);
  return out;
};

describe('readJobLines', () => {
  it('gives a one-shot job collected to the end of the stream', async () => {
    expect(await collect([Buffer.from('{"a":'), Buffer.from('1}')])).toEqual(['{"a":1}']);
  });

  it('gives one job per line, however the chunks fall, multi-byte characters included', async () => {
    const text = Buffer.from('{"a":"é"}\n\n{"b":2}\n');
    expect(await collect([text.subarray(0, 7), text.subarray(7, 13), text.subarray(13)])).toEqual(['{"a":"é"}', '{"b":2}']);
  });

  it('refuses a job over the cap', async () => {
    await expect(collect([Buffer.alloc(60, 120), Buffer.alloc(60, 120)])).rejects.toThrow('the job is larger than 100 bytes');
  });
});

describe('parseJob', () => {
  it('accepts a valid job and gives a missing inputs as null', () => {
    expect(parseJob(JSON.stringify(validJob()))).toEqual(validJob());
    const { inputs, ...withoutInputs } = validJob();
    expect(parseJob(JSON.stringify(withoutInputs)).inputs).toBeNull();
  });

  it.each([
    ['not JSON', () => '{', /^the job is not JSON: /],
    ['another protocol version', (j) => ({ ...j, v: 2 }), "the job's protocol version must be 1"],
    ['code that is not a string', (j) => ({ ...j, code: 1 }), 'code must be a string'],
    ['params that are an array', (j) => ({ ...j, params: [] }), 'params must be an object'],
    ['a zero memory limit', (j) => ({ ...j, limits: { ...j.limits, memoryLimitMb: 0 } }), 'limits.memoryLimitMb must be a positive number'],
    [
      'an infinite time limit',
      (j) => ({ ...j, limits: { ...j.limits, timeLimitSec: 'Infinity' } }),
      'limits.timeLimitSec must be a positive number',
    ],
    ['a string flag', (j) => ({ ...j, limits: { ...j.limits, enableFileSystem: 'yes' } }), 'limits.enableFileSystem must be a boolean'],
    [
      'a non-string module',
      (j) => ({ ...j, limits: { ...j.limits, allowedModules: [1] } }),
      'limits.allowedModules must be null or an array of strings',
    ],
    [
      'a fractional entry cap',
      (j) => ({ ...j, output: { ...j.output, maxLogEntries: 1.5 } }),
      'output.maxLogEntries must be a positive integer',
    ],
  ])('refuses %s', (_what, change, reason) => {
    const changed = change(validJob());
    expect(() => parseJob(typeof changed === 'string' ? changed : JSON.stringify(changed))).toThrow(reason);
  });
});
