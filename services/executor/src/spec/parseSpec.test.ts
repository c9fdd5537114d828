import { describe, expect, it } from 'vitest';
import { ExecutorError } from '../outcome/executorError.js';
import { testConfig } from '../tests/testConfig.js';
import { MAX_INPUT_DEPTH, nodeSpecSchema } from './nodeSpec.js';
import { parseSpec } from './parseSpec.js';

const schema = nodeSpecSchema(testConfig({ EXECUTOR_MAX_MEMORY_MB: '1024', EXECUTOR_MAX_TIME_LIMIT_SEC: '60' }));

function refusal(body: unknown) {
  try {
    parseSpec(schema, body);
  } catch (err) {
    expect(err).toBeInstanceOf(ExecutorError);
    const e = err as ExecutorError;
    expect(e.statusCode).toBe(400);
    return { message: e.message, fields: (e.details as { fields: Array<{ field: string; reason: string }> }).fields };
  }
  throw new Error('expected the spec to be refused');
}

describe('parseSpec', () => {
  it('fills in the documented defaults', () => {
    expect(parseSpec(schema, { code: 'return 1' })).toEqual({
      code: 'return 1',
      inputs: {},
      params: {},
      memoryLimit: 512,
      timeLimit: 30,
      enableNetworking: false,
      enableFileSystem: false,
    });
  });

  it('keeps what the request gives', () => {
    const spec = parseSpec(schema, {
      code: 'x',
      inputs: [1, 'a'],
      params: { k: 1 },
      memoryLimit: 128,
      timeLimit: 2.5,
      enableNetworking: true,
      enableFileSystem: true,
      allowedModules: ['lodash', 'node:crypto', '@scope/pkg'],
    });
    expect(spec).toMatchObject({
      inputs: [1, 'a'],
      memoryLimit: 128,
      timeLimit: 2.5,
      allowedModules: ['lodash', 'node:crypto', '@scope/pkg'],
    });
  });

  it.each([
    [{}, 'code', 'is required'],
    [{ code: '' }, 'code', 'must not be empty'],
    [{ code: 5 }, 'code', 'must be a string'],
    [{ code: 'x', memoryLimit: 4096 }, 'memoryLimit', "must be at most 1024 MB (the service's maximum)"],
    [{ code: 'x', memoryLimit: 10 }, 'memoryLimit', 'must be at least 64 MB'],
    [{ code: 'x', memoryLimit: 100.5 }, 'memoryLimit', 'must be a whole number of MB'],
    [{ code: 'x', memoryLimit: '512' }, 'memoryLimit', 'must be a number (MB)'],
    [{ code: 'x', timeLimit: 61 }, 'timeLimit', "must be at most 60 s (the service's maximum)"],
    [{ code: 'x', timeLimit: 0 }, 'timeLimit', 'must be at least 0.1 s'],
    [{ code: 'x', enableNetworking: 'yes' }, 'enableNetworking', 'must be true or false'],
    [{ code: 'x', params: [1] }, 'params', 'must be an object'],
    [{ code: 'x', allowedModules: 'lodash' }, 'allowedModules', 'must be an array of module names'],
    [{ code: 'x', allowedModules: ['../etc/passwd'] }, 'allowedModules.0', 'must be a module name such as "lodash" or "node:crypto"'],
    [{ code: 'x', memory: 5 }, 'memory', 'unknown field'],
  ])('refuses %j: %s %s', (body, field, reason) => {
    const r = refusal(body);
    expect(r.fields).toContainEqual({ field, reason });
    expect(r.message).toBe(`${r.fields[0]!.field}: ${r.fields[0]!.reason}`);
  });

  it('names every bad field at once', () => {
    const r = refusal({ code: 1, timeLimit: -1, extra: true });
    expect(r.fields.map((f) => f.field).sort()).toEqual(['code', 'extra', 'timeLimit']);
  });

  it('refuses a body that is not an object', () => {
    expect(refusal([1, 2]).fields).toEqual([{ field: '(body)', reason: 'must be a JSON object' }]);
    expect(refusal(null).fields).toEqual([{ field: '(body)', reason: 'must be a JSON object' }]);
  });

  it('refuses code over the configured size', () => {
    const small = nodeSpecSchema(testConfig({ EXECUTOR_MAX_CODE_BYTES: '1024' }));
    expect(() => parseSpec(small, { code: 'x'.repeat(1025) })).toThrow('code: must be at most 1024 bytes');
  });

  it('refuses inputs nested deeper than the runner can serialise, without recursing itself', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(refusal({ code: 'x', inputs: deep }).fields).toEqual([
      { field: 'inputs', reason: `nesting must be at most ${MAX_INPUT_DEPTH} levels deep` },
    ]);
  });
});
