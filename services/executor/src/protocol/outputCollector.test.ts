import { PassThrough } from 'node:stream';
import protocol from '@edgeql/node-js/protocol';
import { describe, expect, it, vi } from 'vitest';
import { collectOutput } from './outputCollector.js';

const frame = (kind: 1 | 2, text: string) => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = kind;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

describe('collectOutput', () => {
  it('splits the multiplexed stream, even when frames arrive in pieces', async () => {
    const s = new PassThrough();
    const { done } = collectOutput(s, { stdoutBytes: 100, stderrBytes: 100 }, () => {});
    const all = Buffer.concat([frame(1, 'hello '), frame(2, 'oops'), frame(1, 'world')]);
    for (let i = 0; i < all.length; i += 3) s.write(all.subarray(i, i + 3));
    s.end();
    expect(await done).toEqual({ stdout: 'hello world', stderr: 'oops', overflowed: false });
  });

  it('stops keeping stdout at its cap and says so once', async () => {
    const s = new PassThrough();
    const onOverflow = vi.fn();
    const { done } = collectOutput(s, { stdoutBytes: 10, stderrBytes: 4 }, onOverflow);
    s.write(frame(2, 'abcdefgh'));
    s.write(frame(1, '0123456789ABC'));
    s.write(frame(1, 'more'));
    s.end();
    expect(await done).toEqual({ stdout: '0123456789', stderr: 'abcd', overflowed: true });
    expect(onOverflow).toHaveBeenCalledTimes(1);
  });

  it('does not buffer a single huge frame while waiting for its end', async () => {
    const s = new PassThrough();
    const onOverflow = vi.fn();
    const { done } = collectOutput(s, { stdoutBytes: 16, stderrBytes: 16 }, onOverflow);
    const header = Buffer.alloc(8);
    header[0] = 1;
    header.writeUInt32BE(500 * 1024 * 1024, 4); // announces 500 MB
    s.write(header);
    s.write(Buffer.alloc(64));
    s.destroy();
    expect((await done).overflowed).toBe(true);
    expect(onOverflow).toHaveBeenCalledTimes(1);
  });

  it('says when the frame line is complete, before the stream ends', async () => {
    const s = new PassThrough();
    const c = collectOutput(s, { stdoutBytes: 1000, stderrBytes: 100 }, () => {});
    let seen = false;
    void c.frame().then(() => (seen = true));
    const line = `noise${protocol.FRAME}{"v":1}\n`;
    s.write(frame(1, line.slice(0, 8)));
    s.write(frame(1, line.slice(8, -1)));
    await new Promise((r) => setImmediate(r));
    expect(seen).toBe(false);
    s.write(frame(1, '\n'));
    await c.frame();
    expect(c.snapshot().stdout).toBe(line);

    // the next job's frame is looked for on its own
    c.consumeFrame();
    expect(c.snapshot().stdout).toBe('');
    let next = false;
    void c.frame().then(() => (next = true));
    await new Promise((r) => setImmediate(r));
    expect(next).toBe(false);
    s.write(frame(1, `${protocol.FRAME}{"v":1,"n":2}\n`));
    await c.frame();
    expect(c.snapshot().stdout).toBe(`${protocol.FRAME}{"v":1,"n":2}\n`);
    s.end();
  });
});
