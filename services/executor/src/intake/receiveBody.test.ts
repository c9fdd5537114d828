// receiveBody collects a body as Fastify's collector does, with the same refusals: too large (declared
// or streamed), a length other than the one declared, a stream that failed.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { receiveBody } from './receiveBody.js';

const chunks = (total: number, size = 64 * 1024) =>
  Array.from({ length: Math.ceil(total / size) }, (_, i) => Buffer.alloc(Math.min(size, total - i * size), i % 251));
const stream = (parts: Buffer[]) => Readable.from(parts, { objectMode: false });
const failure = (p: Promise<unknown>) =>
  p.then(
    () => ({ code: 'none', statusCode: 0 }),
    (e: { code?: string; statusCode?: number }) => ({ code: e.code, statusCode: e.statusCode }),
  );

describe('receiveBody', () => {
  it.each([
    ['declared, under the first buffer', 1000, true],
    ['declared, past the first buffer', 3 * 1024 * 1024 + 17, true],
    ['not declared (chunked), past several doublings', 5 * 1024 * 1024 + 3, false],
  ])('collects a body %s, byte for byte', async (_what, total, declare) => {
    const parts = chunks(total);
    const body = await receiveBody(stream(parts), declare ? { 'content-length': String(total) } : {}, 8 * 1024 * 1024);
    expect(body.byteLength).toBe(total);
    expect(Buffer.from(body.buffer, body.byteOffset, body.byteLength).equals(Buffer.concat(parts))).toBe(true);
  });

  it('refuses a declared length over the limit before reading anything', async () => {
    expect(await failure(receiveBody(stream([]), { 'content-length': '2000' }, 1000))).toEqual({
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    });
  });

  it('refuses a streamed body once it passes the limit', async () => {
    expect(await failure(receiveBody(stream(chunks(5000, 1000)), {}, 4500))).toEqual({
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    });
  });

  it('refuses a body longer or shorter than declared', async () => {
    expect(await failure(receiveBody(stream(chunks(3000, 1000)), { 'content-length': '2000' }, 1e6))).toEqual({
      code: 'FST_ERR_CTP_INVALID_CONTENT_LENGTH',
      statusCode: 400,
    });
    expect(await failure(receiveBody(stream(chunks(1500, 1000)), { 'content-length': '2000' }, 1e6))).toEqual({
      code: 'FST_ERR_CTP_INVALID_CONTENT_LENGTH',
      statusCode: 400,
    });
  });

  it('refuses a stream that failed with a 400', async () => {
    const broken = new Readable({
      read() {
        this.destroy(new Error('connection reset'));
      },
    });
    expect(await failure(receiveBody(broken, {}, 1e6))).toEqual({ code: undefined, statusCode: 400 });
  });
});
