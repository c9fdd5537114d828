// The body-reading threads for real: they read what readBody reads in-process, take a large body's
// buffer instead of copying it, and when one fails (killed, too slow, too many waiting) its body alone
// gets a clear refusal and the next body is read by a fresh thread. (Running a thread out of heap is not
// tested: Node may abort the whole process then, which is why the threads' heap is sized generously.)
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { ExecutorError } from '../outcome/executorError.js';
import { nodeSpecSchema } from '../spec/nodeSpec.js';
import { readBody } from '../spec/readBody.js';
import { SPEC_BODIES as BODIES } from '../tests/specBodies.js';
import { testConfig } from '../tests/testConfig.js';
import { BodyReaders, type BodyReadersOptions } from './bodyPool.js';

const config = testConfig({
  EXECUTOR_MAX_MEMORY_MB: '1024',
  EXECUTOR_MAX_TIME_LIMIT_SEC: '60',
  EXECUTOR_MAX_CODE_BYTES: '1024',
  EXECUTOR_PREFLIGHT: 'true',
});
const schema = nodeSpecSchema(config);
const open: BodyReaders[] = [];
const readers = (o: Partial<BodyReadersOptions> = {}) => {
  const r = new BodyReaders({ settings: config, maxQueue: 8, log: pino({ level: 'silent' }), threads: 1, ...o });
  open.push(r);
  return r;
};
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

/** A body of `count` copies of one element as its inputs. */
const many = (element: string, count: number) => Buffer.from(`{"code":"return 1","inputs":[${new Array(count).fill(element).join(',')}]}`);
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (err: unknown) => {
      expect(err).toBeInstanceOf(ExecutorError);
      const e = err as ExecutorError;
      return { code: e.code, status: e.statusCode, message: e.message };
    },
  );

describe('the body-reading threads', () => {
  it('read every body of the table as readBody does in this thread, pre-flight included', async () => {
    const r = readers();
    for (const [what, text] of BODIES) {
      expect(await r.read(Buffer.from(text)), what).toEqual(readBody(text, schema, { preflight: true }));
    }
    expect(await r.read(new Uint8Array(0))).toEqual({ kind: 'empty' });
  });

  it('take a large body’s buffer instead of copying it, and copy a small one', async () => {
    const r = readers();
    const large = many('0', 100_000);
    const small = Buffer.from('{"code":"return 1"}');
    await r.read(large);
    await r.read(small);
    expect(large.byteLength, 'handed over: detached here').toBe(0);
    expect(small.toString()).toBe('{"code":"return 1"}');
  });

  it('answer a body whose thread dies with a 500 that says so, and read the next one in a new thread', async () => {
    const r = readers();
    const reading = refusal(r.read(many('[]', 2_000_000)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await r.threads[0]!.terminate();
    expect(await reading).toMatchObject({
      code: 'INTERNAL',
      status: 500,
      message: expect.stringContaining('thread reading the request body failed'),
    });
    expect(await r.read(Buffer.from('{"code":"return 3"}'))).toMatchObject({ kind: 'spec', spec: { code: 'return 3' } });
  });

  it('answer a body not read in time with a 500', async () => {
    const r = readers({ deadlineMs: 100 });
    expect(await refusal(r.read(many('[]', 2_000_000)))).toMatchObject({
      code: 'INTERNAL',
      message: 'the request body was not read within 0.1 s',
    });
  });

  it('refuse bodies BUSY past a full queue, and read those already waiting', async () => {
    const r = readers({ maxQueue: 1 });
    await r.read(Buffer.from('{"code":"return 0"}')); // the thread is up
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        r.read(many('0', 1_000_000)).then(
          (reading) => reading.kind,
          (err: unknown) => (err instanceof ExecutorError ? `${err.statusCode} ${err.code}` : String(err)),
        ),
      ),
    );
    // one thread and a queue of one: two are read, two are refused
    expect(answers).toEqual(['spec', 'spec', '503 BUSY', '503 BUSY']);
  });
});
