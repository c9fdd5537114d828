// The spliced job line is the JSON.stringify of the same job, so the runner reads what it always read.
import { describe, expect, it } from 'vitest';
import { type JobHead, jobLine, jobLineText } from './jobLine.js';

const utf8 = (v: unknown) => Buffer.from(JSON.stringify(v));

const head = (over: Partial<JobHead> = {}): JobHead => ({
  reuse: false,
  frameKey: '0123456789abcdef0123456789abcdef',
  v: 1,
  code: 'return inputs.length',
  limits: { memoryLimitMb: 512, timeLimitSec: 30, enableNetworking: false, enableFileSystem: false, allowedModules: null },
  output: { maxResultBytes: 1024, maxLogBytes: 1024, maxLogEntries: 10 },
  ...over,
});

describe('jobLine', () => {
  it.each<[string, unknown, Record<string, unknown>]>([
    ['empty', {}, {}],
    ['an array of many numbers', Array.from({ length: 10_000 }, (_, i) => i), { k: 1 }],
    ['null', null, {}],
    ['a string with newlines, quotes and line separators', 'a\nb"c\u2028d\u2029', { s: '\r\n' }],
    ['nested', { a: [{ b: [null, true, 1.5, -0, 'x'] }] }, { deep: { er: [[[]]] } }],
    ['keys that look like the head', { code: 'not the code', frameKey: 'x' }, { inputs: 1, params: 2 }],
  ])('%s: equal to JSON.stringify of the same job, one line', (_what, inputs, params) => {
    const h = head();
    const line = jobLineText(jobLine(h, utf8(inputs), utf8(params)));
    expect(line).toBe(`${JSON.stringify({ ...h, inputs, params })}\n`);
    expect(line.indexOf('\n')).toBe(line.length - 1);
    expect(JSON.parse(line)).toEqual(JSON.parse(JSON.stringify({ ...h, inputs, params })));
  });

  it('keeps the head as given, and code with any characters in it', () => {
    const h = head({ reuse: true, code: '"}\n{"inputs":1', limits: { ...head().limits, allowedModules: ['lodash'] } });
    const line = jobLine(h, utf8([1, 'é€😀']), utf8({}));
    expect(line.head).toBe(h);
    expect(JSON.parse(jobLineText(line))).toEqual({ ...h, inputs: [1, 'é€😀'], params: {} });
  });
});
