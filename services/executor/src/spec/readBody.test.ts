// readBody, what the body-reading threads run, against today's path on the main thread: Fastify's JSON
// parser (secure-json-parse, the same options) and then parseSpec. Same spec, same refusal, field by field.
import secureJsonParse from 'secure-json-parse';
import { describe, expect, it } from 'vitest';
import { ExecutorError } from '../outcome/executorError.js';
import { testConfig } from '../tests/testConfig.js';
import { nodeSpecSchema } from './nodeSpec.js';
import { parseSpec } from './parseSpec.js';
import { preflight } from './preflight.js';
import { readBody } from './readBody.js';
import { runSpecOf } from './runSpec.js';
import { SPEC_BODIES as BODIES } from '../tests/specBodies.js';

const schema = nodeSpecSchema(
  testConfig({ EXECUTOR_MAX_MEMORY_MB: '1024', EXECUTOR_MAX_TIME_LIMIT_SEC: '60', EXECUTOR_MAX_CODE_BYTES: '1024' }),
);

/** What the main thread made of a body before: a RunSpec of parseSpec's NodeSpec, or its refusal as data. */
function onTheMainThread(text: string) {
  let value: unknown;
  try {
    value = secureJsonParse(text, null, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    return { kind: 'not-json' };
  }
  try {
    return { kind: 'spec', spec: runSpecOf(parseSpec(schema, value)) };
  } catch (err) {
    if (!(err instanceof ExecutorError)) throw err;
    return { kind: 'refused', code: err.code, message: err.message, details: err.details };
  }
}

describe('readBody gives what Fastify’s parser and parseSpec gave', () => {
  it.each(BODIES)('%s', (_what, text) => {
    expect(readBody(Buffer.from(text), schema, { preflight: false })).toEqual(onTheMainThread(text));
    expect(readBody(text, schema, { preflight: false })).toEqual(onTheMainThread(text));
  });

  it('refuses an empty body before parsing it, as Fastify does', () => {
    expect(readBody(new Uint8Array(0), schema, { preflight: false })).toEqual({ kind: 'empty' });
  });

  it('keeps inputs and params as the JSON text JSON.stringify gives, in buffers of their own', () => {
    const r = readBody('{"code":"x","inputs":{"a":[1,2]},"params":{"p":"é"}}', schema, { preflight: false });
    if (r.kind !== 'spec') throw new Error(r.kind);
    expect(Buffer.from(r.spec.inputsJson).toString()).toBe('{"a":[1,2]}');
    expect(Buffer.from(r.spec.paramsJson).toString()).toBe('{"p":"é"}');
    expect(r.spec.inputsJson.buffer).not.toBe(r.spec.paramsJson.buffer);
    expect(r.spec.inputsJson.byteLength).toBe(r.spec.inputsJson.buffer.byteLength);
  });

  it('runs pre-flight when asked, with the verdict preflight() gives', () => {
    const refused = readBody('{"code":"return require(\\"fs\\")"}', schema, { preflight: true });
    if (refused.kind !== 'spec') throw new Error(refused.kind);
    expect(refused.spec.preflight).toEqual(preflight(refused.spec));
    expect(refused.spec.preflight).toMatchObject({ type: 'RESTRICTED_MODULE' });
    const fine = readBody('{"code":"return 1"}', schema, { preflight: true });
    expect(fine).toMatchObject({ kind: 'spec', spec: { preflight: null } });
    expect(readBody('{"code":"return 1"}', schema, { preflight: false })).not.toHaveProperty('spec.preflight');
  });
});
