// The HTTP contract around the sandbox: refusals with field and reason, 503 without Docker, health.
import { DockerodeClient } from '../docker/dockerodeClient.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from './testConfig.js';

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp({ env: { EXECUTOR_BODY_LIMIT_BYTES: String(64 * 1024), EXECUTOR_MAX_CODE_BYTES: String(16 * 1024) } });
});
afterAll(async () => {
  await t.app.close();
});

describe('refused requests start nothing', () => {
  it.each([
    ['an unknown field', { code: 'return 1', memory: 1 }, 'memory', 'unknown field'],
    [
      'a limit above the maximum',
      { code: 'return 1', memoryLimit: 4096 },
      'memoryLimit',
      "must be at most 1024 MB (the service's maximum)",
    ],
    ['a wrong type', { code: 'return 1', timeLimit: '5' }, 'timeLimit', 'must be a number (seconds)'],
    ['a missing code', { inputs: {} }, 'code', 'is required'],
    ['code over the limit', { code: 'x'.repeat(16 * 1024 + 1) }, 'code', `must be at most ${16 * 1024} bytes`],
  ])('%s is a 400 naming the field and the reason', async (_what, payload, field, reason) => {
    const res = await t.app.inject({ method: 'POST', url: '/execute', payload });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body).toMatchObject({ success: false, error: { type: 'INVALID_SPEC', message: `${field}: ${reason}` } });
    expect(body.error.details.fields).toContainEqual({ field, reason });
    expect(body.executionId).toBe(res.headers['x-execution-id']);
  });

  it.each([
    ['not JSON', { 'content-type': 'application/json' }, '{"code": ', 400, 'INVALID_REQUEST'],
    ['the wrong content type', { 'content-type': 'text/plain' }, 'return 1', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [
      'a body over the limit',
      { 'content-type': 'application/json' },
      JSON.stringify({ code: 'x'.repeat(70 * 1024) }),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    ['a JSON array', { 'content-type': 'application/json' }, '[1]', 400, 'INVALID_SPEC'],
  ])('%s is refused with %s', async (_what, headers, payload, status, type) => {
    const res = await t.app.inject({ method: 'POST', url: '/execute', headers, payload });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ success: false, error: { type } });
  });

  it('no container was created for any of them', async () => {
    expect(await t.leftBehind()).toEqual([]);
    expect(t.executor.slots.stats.running).toBe(0);
  });

  it('an unknown route is a 404 in the same shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ success: false, error: { type: 'NOT_FOUND' } });
  });
});

describe('health', () => {
  it('says Docker answers and the image is present', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', docker: { reachable: true }, image: { name: t.config.image.name, present: true } });
  });
});

describe('without Docker', () => {
  it('answers 503 with Retry-After, and health says why', async () => {
    const down = await testApp({ engine: new DockerodeClient({ socketPath: '/nonexistent/docker.sock' }) });
    try {
      const res = await down.app.inject({ method: 'POST', url: '/execute', payload: { code: 'return 1' } });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json()).toMatchObject({ success: false, error: { type: 'DOCKER_UNAVAILABLE' } });
      expect(down.executor.slots.stats.running).toBe(0);

      const health = await down.app.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toMatchObject({ status: 'unavailable', docker: { reachable: false }, image: { present: false } });
    } finally {
      await down.app.close();
    }
  });

  it('answers 503 when the image is missing, not a user violation', async () => {
    const noImage = await testApp({ env: { EXECUTOR_IMAGE: 'edgeql-no-such-image:never' } });
    try {
      const res = await noImage.app.inject({ method: 'POST', url: '/execute', payload: { code: 'return 1' } });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBeDefined();
      expect(res.json()).toMatchObject({ success: false, error: { type: 'IMAGE_NOT_READY' } });
      expect(await noImage.leftBehind()).toEqual([]);
    } finally {
      await noImage.app.close();
    }
  });
});
