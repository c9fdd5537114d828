// The real runner's outcomes: results, errors, and the time, memory and output limits, plus the design
// examples. Time limits are 1 s, so every TIMEOUT here must come within a second of the limit.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { resultOf, violationOf } from './support/outcomes.mjs';

const require = createRequire(import.meta.url);
const { job, jobFromSpec, runRunner } = require('./support/runner.js');
const dangerous = require('../examples/DangerousCode.js');

describe('results', () => {
  it('runs lodash and moment, with top-level await, inputs, params and captured logs', async () => {
    const code = `
      const _ = require('lodash');
      const moment = require('moment');
      console.log('hi', 1, { a: [1] });
      console.error('bad');
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { sum: _.sum(inputs), year: moment.utc('2024-02-29').add(1, 'year').format('YYYY-MM-DD'), twice: params.x * 2 };`;
    const message = await resultOf(job({ code, inputs: [1, 2, 3], params: { x: 21 }, limits: { allowedModules: ['lodash', 'moment'] } }));
    expect(message.value).toEqual({ sum: 6, year: '2025-02-28', twice: 42 });
    expect(message.logs.map((l) => [l.level, l.message])).toEqual([
      ['log', 'hi 1 { a: [ 1 ] }'],
      ['error', 'bad'],
    ]);
    expect(message.logs[1].time).toBeGreaterThanOrEqual(message.logs[0].time);
    expect(message.stats).toEqual({
      memoryUsed: expect.any(Number),
      peakMemory: expect.any(Number),
      executionTime: expect.any(Number),
      rss: expect.any(Number),
    });
    expect(message.stats.executionTime).toBeGreaterThanOrEqual(0.01);
    expect(message.stats.memoryUsed).toBeGreaterThan(0);
    expect(message.stats.peakMemory).toBeGreaterThan(message.stats.memoryUsed);
  });

  it('gives an undefined result as null', async () => {
    expect((await resultOf(job({ code: 'const x = 1;' }))).value).toBeNull();
  });

  it('writes nothing to stdout but the frame', async () => {
    const run = await runRunner(job({ code: "console.log('not on stdout'); return 'ok';" }));
    expect(run.stdout.split('\n')).toHaveLength(2);
    expect(run.stdout).not.toContain('not on stdout\n');
  });

  it.each([
    ['a BigInt', 'return 10n;', 'a BigInt as the result'],
    ['a circular structure', 'const a = {}; a.self = a; return a;', "a circular structure (property 'self' closes the circle)"],
    ['a function', 'return { f() {} };', 'a function at key "f"'],
    ['a symbol', 'return [Symbol("s")];', 'a symbol at index 0'],
  ])('%s is an INVALID_RESULT', async (_name, code, reason) => {
    const { error } = await violationOf(job({ code }));
    expect(error).toEqual({
      type: 'INVALID_RESULT',
      message: `INVALID_RESULT: Result is not JSON-serializable: ${reason}`,
      details: { reason },
    });
  });

  // A host RangeError is one Buffer away; worded as V8's overflow and thrown from toJSON, it was reported as
  // the result nested too deeply. The replacer alone decides a refusal now.
  it('a host error worded as JSON.stringify’s own, thrown from toJSON, is the RUNTIME_ERROR it is', async () => {
    const code = `
      let HostRangeError;
      try { Buffer.alloc(-1); } catch (e) { HostRangeError = e.constructor; }
      return { toJSON() { throw new HostRangeError('Maximum call stack size exceeded'); } };`;
    const { error } = await violationOf(job({ code }));
    expect(error.message).toBe('RUNTIME_ERROR: RangeError: Maximum call stack size exceeded');
  });
});

describe('errors', () => {
  it('a thrown error is a RUNTIME_ERROR whose stack points at the user line', async () => {
    const { error } = await violationOf(job({ code: 'const x = 1;\n\nthrow new TypeError("nope");' }));
    expect(error.message).toBe('RUNTIME_ERROR: TypeError: nope');
    expect(error.details.name).toBe('TypeError');
    expect(error.details.stack).toBe('TypeError: nope\n    at node (node.js:3:7)');
  });

  it('keeps the user frames through lodash and drops the runner’s', async () => {
    const code = "const _ = require('lodash');\nreturn _.map([1], () => {\n  null.x;\n});";
    const { error } = await violationOf(job({ code }));
    expect(error.message).toBe("RUNTIME_ERROR: TypeError: Cannot read properties of null (reading 'x')");
    expect(error.details.stack).toMatch(/\n {4}at node\.js:3:8\n/);
    expect(error.details.stack).not.toMatch(/lodash|SandboxRunner|sandboxWorker|\/lib\//);
  });

  it.each([
    ['a string', "throw 'boom';", 'RUNTIME_ERROR: Error: boom'],
    ['an object', 'throw { code: 42 };', 'RUNTIME_ERROR: Error: { code: 42 }'],
    [
      'an error in a timer',
      "setTimeout(() => { throw new RangeError('later'); }, 1); await new Promise((r) => setTimeout(r, 100));",
      'RUNTIME_ERROR: RangeError: later',
    ],
    [
      'an unhandled rejection',
      "Promise.reject(new Error('unhandled')); await new Promise((r) => setTimeout(r, 100));",
      'RUNTIME_ERROR: Error: unhandled',
    ],
    ['a syntax error', 'return 1 +;', "RUNTIME_ERROR: SyntaxError: Unexpected token ';'"],
    [
      'a promise nothing can settle',
      'await new Promise(() => {});',
      'RUNTIME_ERROR: Error: The node never finished: nothing is left that could settle its promise',
    ],
  ])('%s is a RUNTIME_ERROR', async (_name, code, message) => {
    const { error } = await violationOf(job({ code }));
    expect(error.message).toBe(message);
  });
});

describe('time', () => {
  it.each([
    ['a synchronous loop', 'while (true) {}'],
    ['a loop in a promise callback', 'await Promise.resolve().then(() => { while (true) {} });'],
    // spin returns nothing, so no promise chain grows: the queue never empties, and memory stays flat
    ['endless microtasks', 'const spin = () => { Promise.resolve().then(spin); }; spin(); await new Promise(() => {});'],
    ['Atomics.wait on a SharedArrayBuffer', 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);'],
    ['a toJSON that never returns', 'return { toJSON() { while (true) {} } };'],
    ['a slow timer chain', 'while (true) await new Promise((r) => setTimeout(r, 50));'],
  ])('%s is a TIMEOUT soon after the limit', async (_name, code) => {
    const { error, stats } = await violationOf(job({ code, limits: { timeLimitSec: 1 } }));
    expect(error.type).toBe('TIMEOUT');
    expect(error.message).toMatch(/^TIMEOUT: Execution time \(1\.\d\ds\) exceeded limit of 1s$/);
    expect(error.details.limit).toBe(1);
    expect(error.details.currentTime).toBeGreaterThanOrEqual(1);
    expect(error.details.currentTime).toBeLessThan(1.5);
    expect(stats.executionTime).toBeGreaterThanOrEqual(1);
  });

  it('keeps the logs written before a timeout', async () => {
    const { error, logs } = await violationOf(job({ code: "console.log('before');\nwhile (true) {}", limits: { timeLimitSec: 1 } }));
    expect(error.type).toBe('TIMEOUT');
    expect(logs.map((l) => l.message)).toEqual(['before']);
  });
});

describe('memory', () => {
  it('Buffers outside the JS heap count towards the limit', async () => {
    const code = 'const keep = []; while (true) keep.push(Buffer.alloc(4 * 1024 * 1024, 1));';
    const { error, stats } = await violationOf(job({ code, limits: { memoryLimitMb: 64, timeLimitSec: 10 } }));
    expect(error.type).toBe('MEMORY_LIMIT');
    expect(error.message).toMatch(/^MEMORY_LIMIT: Memory usage \(\d+\.\d\dMB\) exceeded limit of 64MB$/);
    expect(error.details.currentMemory).toBeGreaterThan(64);
    expect(error.details.peakMemory).toBeGreaterThanOrEqual(error.details.currentMemory);
    expect(stats.peakMemory).toBe(error.details.peakMemory);
  });
});

describe('output', () => {
  it('too many console calls is an OUTPUT_LIMIT', async () => {
    const { error, logs } = await violationOf(job({ code: "while (true) console.log('spam');", output: { maxLogEntries: 50 } }));
    expect(error).toEqual({
      type: 'OUTPUT_LIMIT',
      message: 'OUTPUT_LIMIT: Log output (51 entries) exceeded limit of 50 entries',
      details: { output: 'logs', entries: 51, limit: 50 },
    });
    expect(logs).toHaveLength(50);
  });

  it('too many log bytes is an OUTPUT_LIMIT', async () => {
    const { error, logs } = await violationOf(
      job({ code: "for (let i = 0; i < 40; i++) console.log('x'.repeat(1000));", output: { maxLogBytes: 16 * 1024 } }),
    );
    expect(error).toEqual({
      type: 'OUTPUT_LIMIT',
      message: 'OUTPUT_LIMIT: Log output size (17000 bytes) exceeded limit of 16384 bytes',
      details: { output: 'logs', size: 17000, limit: 16384 },
    });
    expect(logs).toHaveLength(16);
  });

  it('a result over maxResultBytes is an OUTPUT_LIMIT', async () => {
    const { error } = await violationOf(job({ code: "return 'x'.repeat(100 * 1024);", output: { maxResultBytes: 64 * 1024 } }));
    expect(error).toEqual({
      type: 'OUTPUT_LIMIT',
      message: 'OUTPUT_LIMIT: Result size (102402 bytes) exceeded limit of 65536 bytes',
      details: { output: 'result', size: 102402, limit: 65536 },
    });
  });
});

describe('the design examples', () => {
  it('SafeDataTransform returns its figures', async () => {
    const code = readFileSync(new URL('../examples/SafeDataTransform.js', import.meta.url), 'utf8');
    const inputs = { data: [{ name: 'a', value: 10 }, { name: 'b', value: 20 }, { name: 'c', value: 60 }, { name: 'd' }, 5] };
    const { value, logs } = await resultOf(jobFromSpec(code, { inputs, allowedModules: ['lodash'] }));
    expect(value).toEqual({ count: 4, sum: 95, average: 23.75, min: 5, max: 60, highest: 'c' });
    expect(logs.map((l) => [l.level, l.message])).toEqual([['warn', 'skipped 1 item(s) without a numeric value']]);
  });

  it.each(Object.entries(dangerous))('DangerousCode.%s is stopped as it says', async (_name, example) => {
    const { error } = await violationOf(jobFromSpec(example.code, example.spec));
    expect(error.type).toBe(example.expect.type);
    if (example.expect.message instanceof RegExp) expect(error.message).toMatch(example.expect.message);
    else expect(error.message).toBe(example.expect.message);
  });
});

describe('jobs the runner cannot run', () => {
  it.each([
    ['not JSON', 'not json', /^invalid job: the job is not JSON: /],
    ['a wrong version', JSON.stringify({ ...job(), v: 2 }), "invalid job: the job's protocol version must be 1"],
    ['an empty stdin', '', /^invalid job: stdin ended before a job$/],
  ])('%s is a failure frame and exit code 1', async (_name, stdin, message) => {
    const run = await runRunner(stdin);
    expect(run.exitCode).toBe(1);
    expect(run.message.type).toBe('failure');
    expect(run.message.message).toMatch(message);
  });
});
