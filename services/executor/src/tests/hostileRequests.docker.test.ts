// Malformed and hostile requests: each is a 4xx naming the field and the reason where there is one, no
// sandbox is started for any of them, nothing is left behind, and /metrics counts them as refused. A
// dozen of the largest many-element bodies sent at once are each answered as they are alone.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL } from '../docker/labels.js';
import { type ServiceProcess, startService } from './serviceProcess.js';
import { testApp } from './testConfig.js';

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  // the production defaults for the body and the code: an 8 MB body may carry a 5 MB code field
  t = await testApp({
    env: { EXECUTOR_POOL_SIZE: '0', EXECUTOR_BODY_LIMIT_BYTES: String(8 * 1024 * 1024), EXECUTOR_MAX_CODE_BYTES: String(256 * 1024) },
  });
});
afterAll(async () => {
  const left = await t.leftBehind();
  await t.app.close();
  expect(left, 'no sandbox was created').toEqual([]);
});

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const json = { 'content-type': 'application/json' };

describe('refused specs name the field and the reason', () => {
  it.each<[string, string, string, string]>([
    ['a 5 MB code field', JSON.stringify({ code: 'x'.repeat(5 * 1024 * 1024) }), 'code', 'must be at most 262144 bytes'],
    ['inputs nested 65 deep', `{"code":"return 1","inputs":${nested(65)}}`, 'inputs', 'nesting must be at most 64 levels deep'],
    ['inputs nested 100,000 deep', `{"code":"return 1","inputs":${nested(100_000)}}`, 'inputs', 'nesting must be at most 64 levels deep'],
    ['params nested 65 deep', `{"code":"return 1","params":{"a":${nested(64)}}}`, 'params', 'nesting must be at most 64 levels deep'],
    ['an unknown field', '{"code":"return 1","image":"alpine"}', 'image', 'unknown field'],
    ['several unknown fields', '{"code":"return 1","privileged":true,"user":"root"}', 'privileged, user', 'unknown field'],
    ['code of the wrong type', '{"code":42}', 'code', 'must be a string'],
    ['empty code', '{"code":""}', 'code', 'must not be empty'],
    ['params not an object', '{"code":"return 1","params":[1]}', 'params', 'must be an object'],
    ['memoryLimit a string', '{"code":"return 1","memoryLimit":"512"}', 'memoryLimit', 'must be a number (MB)'],
    ['memoryLimit a fraction', '{"code":"return 1","memoryLimit":100.5}', 'memoryLimit', 'must be a whole number of MB'],
    ['memoryLimit below the minimum', '{"code":"return 1","memoryLimit":1}', 'memoryLimit', 'must be at least 64 MB'],
    ['memoryLimit negative', '{"code":"return 1","memoryLimit":-512}', 'memoryLimit', 'must be at least 64 MB'],
    [
      'memoryLimit above the maximum',
      '{"code":"return 1","memoryLimit":1e9}',
      'memoryLimit',
      "must be at most 1024 MB (the service's maximum)",
    ],
    ['timeLimit zero', '{"code":"return 1","timeLimit":0}', 'timeLimit', 'must be at least 0.1 s'],
    ['timeLimit infinite (1e999)', '{"code":"return 1","timeLimit":1e999}', 'timeLimit', "must be at most 60 s (the service's maximum)"],
    ['enableNetworking a string', '{"code":"return 1","enableNetworking":"true"}', 'enableNetworking', 'must be true or false'],
    ['allowedModules not an array', '{"code":"return 1","allowedModules":"fs"}', 'allowedModules', 'must be an array of module names'],
    [
      'allowedModules with a path',
      '{"code":"return 1","allowedModules":["../../etc/passwd"]}',
      'allowedModules.0',
      'must be a module name such as "lodash" or "node:crypto"',
    ],
    ['a JSON string body', '"return 1"', '(body)', 'must be a JSON object'],
    ['a JSON null body', 'null', '(body)', 'must be a JSON object'],
  ])('%s', async (_what, payload, field, reason) => {
    const res = await t.app.inject({ method: 'POST', url: '/execute', headers: json, payload });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
    const body = res.json();
    expect(body).toMatchObject({ success: false, error: { type: 'INVALID_SPEC' } });
    expect(body.error.details.fields).toContainEqual({ field, reason });
    expect(body.executionId).toBe(res.headers['x-execution-id']);
  });
});

describe('refused bodies', () => {
  it.each<[string, Record<string, string>, string, number, string]>([
    ['not JSON', json, '{"code": "return 1"', 400, 'INVALID_REQUEST'],
    ['an empty JSON body', json, '', 400, 'INVALID_REQUEST'],
    ['a __proto__ key', json, '{"code":"return 1","__proto__":{"polluted":true}}', 400, 'INVALID_REQUEST'],
    ['no content type', {}, '{"code":"return 1"}', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['text/plain', { 'content-type': 'text/plain' }, 'return 1', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a form', { 'content-type': 'application/x-www-form-urlencoded' }, 'code=return+1', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['multipart', { 'content-type': 'multipart/form-data; boundary=x' }, '--x--', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a body over the limit', json, JSON.stringify({ code: 'x'.repeat(9 * 1024 * 1024) }), 413, 'PAYLOAD_TOO_LARGE'],
  ])('%s is refused (%i %s)', async (_what, headers, payload, status, type) => {
    const res = await t.app.inject({ method: 'POST', url: '/execute', headers, payload });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
    expect(res.json()).toMatchObject({ success: false, error: { type } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a POST with no body at all is INVALID_SPEC, as a body that is not an object', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/execute' });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
    expect(res.json()).toMatchObject({
      success: false,
      error: { type: 'INVALID_SPEC', details: { fields: [{ field: '(body)', reason: 'must be a JSON object' }] } },
    });
  });

  it('a GET on /execute is a 404 in the same shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/execute' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ success: false, error: { type: 'NOT_FOUND' } });
  });
});

describe('after all of them', () => {
  it('nothing was started, nothing is left, and /metrics counts them as refused', async () => {
    expect(t.executor.slots.stats).toMatchObject({ running: 0, waiting: 0 });
    expect(await t.leftBehind()).toEqual([]);
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/edgeql_executions_total\{outcome="refused",type="INVALID_SPEC"\} 22/);
    expect(metrics).toMatch(/edgeql_executions_total\{outcome="refused",type="UNSUPPORTED_MEDIA_TYPE"\} 4/);
    expect(metrics).not.toMatch(/outcome="(success|violation|failed)"/);
  });
});

describe('a dozen large many-element bodies at once, against the service in its own process', () => {
  const MiB = 1024 * 1024;
  const instanceId = `test-hostile-${randomUUID().slice(0, 8)}`;
  let service: ServiceProcess;
  beforeAll(async () => {
    service = await startService({ EXECUTOR_INSTANCE_ID: instanceId, EXECUTOR_BODY_LIMIT_BYTES: String(8 * MiB), LOG_LEVEL: 'warn' });
  });
  afterAll(async () => {
    service.child.kill('SIGTERM');
    await service.exited(30_000);
  });

  /** A body just under 8 MiB: `before`, then zeros as inputs up to the limit, then `after`. */
  const body = (before: string, after: string) => {
    const count = Math.floor((8 * MiB - before.length - after.length - 64) / 2);
    return Buffer.from(`${before}"inputs":[${'0,'.repeat(count)}0]${after}`);
  };
  const CASES: Array<{ what: string; payload: Buffer; status: number; expect: Record<string, unknown> }> = [
    {
      what: 'valid, refused by pre-flight',
      payload: body('{"code":"return require(\'child_process\')",', '}'),
      status: 200,
      expect: { success: false, error: { type: 'RESTRICTED_MODULE', details: { preflight: true } } },
    },
    {
      what: 'a bad field after the inputs',
      payload: body('{"code":"return 1",', ',"memoryLimit":10}'),
      status: 400,
      expect: { error: { type: 'INVALID_SPEC', details: { fields: [{ field: 'memoryLimit', reason: 'must be at least 64 MB' }] } } },
    },
    {
      what: 'an unknown field after the inputs',
      payload: body('{"code":"return 1",', ',"image":"alpine"}'),
      status: 400,
      expect: { error: { type: 'INVALID_SPEC', details: { fields: [{ field: 'image', reason: 'unknown field' }] } } },
    },
    {
      what: 'params nested too deep after the inputs',
      payload: body('{"code":"return 1",', `,"params":{"a":${'['.repeat(64)}${']'.repeat(64)}}}`),
      status: 400,
      expect: {
        error: { type: 'INVALID_SPEC', details: { fields: [{ field: 'params', reason: 'nesting must be at most 64 levels deep' }] } },
      },
    },
    { what: 'cut short', payload: body('{"code":"return 1",', ''), status: 400, expect: { error: { type: 'INVALID_REQUEST' } } },
    {
      what: 'a __proto__ key after the inputs',
      payload: body('{"code":"return 1",', ',"__proto__":{"x":1}}'),
      status: 400,
      expect: { error: { type: 'INVALID_REQUEST' } },
    },
  ];

  it('answers each as it answers it alone, with no sandbox started, and stays live', async () => {
    const sent = [...CASES, ...CASES];
    const answers = await Promise.all(
      sent.map(async (c) => {
        const res = await fetch(`${service.url}/execute`, { method: 'POST', headers: json, body: c.payload });
        return { what: c.what, status: res.status, body: (await res.json()) as Record<string, unknown> };
      }),
    );
    answers.forEach((a, i) => {
      expect(a.status, `${a.what}: ${JSON.stringify(a.body).slice(0, 300)}`).toBe(sent[i]!.status);
      expect(a.body, a.what).toMatchObject({ success: false, ...sent[i]!.expect });
    });
    expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
    expect(await t.executor.engine.listByLabel(`${LABEL.createdBy}=${instanceId}`, AbortSignal.timeout(10_000))).toEqual([]);
  });
});
