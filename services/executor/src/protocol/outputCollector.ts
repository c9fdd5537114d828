// Reads a container's multiplexed output with byte caps, so no sandbox can make the service buffer
// without bound, and tells as soon as the runner's frame is complete, so nobody waits for the exit.
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import protocol from '@edgeql/node-js/protocol';

const HEADER_BYTES = 8;
const STDOUT = 1;
const STDERR = 2;

export interface CollectedOutput {
  stdout: string;
  stderr: string;
  /** stdout went past its cap: the rest was dropped and onOverflow was called once */
  overflowed: boolean;
}

export interface OutputCaps {
  stdoutBytes: number;
  stderrBytes: number;
}

export interface OutputCollection {
  /** settles when the stream ends or closes */
  done: Promise<CollectedOutput>;
  /** settles when stdout holds a whole frame line; never, if it does not */
  frame(): Promise<void>;
  /** what stdout and stderr hold so far */
  snapshot(): CollectedOutput;
  /**
   * Drops what stdout holds up to `end` (by default the end of its first frame line). With `refund`,
   * gives the cap back: for a sandbox that runs another job, whose frame is then looked for, and capped,
   * on its own. Without, the dropped bytes still count: frames that are not the runner's are looked
   * past, but their bytes stay under the cap, so a flood of them ends as OUTPUT_LIMIT.
   */
  consumeFrame(end?: number, o?: { refund: boolean }): void;
}

/**
 * Splits Docker's multiplexed stream (8-byte header: stream id, 3 zero bytes, big-endian length) into
 * stdout and stderr, keeping at most the capped bytes of each.
 */
export function collectOutput(stream: Readable, caps: OutputCaps, onOverflow: () => void): OutputCollection {
  let stdout = '';
  let stdoutBytes = 0;
  const decoder = new StringDecoder('utf8');
  const err = { chunks: [] as Buffer[], bytes: 0 };
  let pending: Buffer = Buffer.alloc(0);
  let overflowed = false;
  let frameAt = -1;
  const waiting: Array<() => void> = [];
  const frameEnd = () => (frameAt >= 0 ? stdout.indexOf('\n', frameAt) : -1);
  const wake = () => {
    if (frameEnd() < 0) return;
    for (const w of waiting.splice(0)) w();
  };

  const keepStdout = (data: Buffer): boolean => {
    const room = caps.stdoutBytes - stdoutBytes;
    const part = data.length <= room ? data : data.subarray(0, Math.max(0, room));
    stdoutBytes += part.length;
    const scanFrom = Math.max(0, stdout.length - protocol.FRAME.length);
    stdout += decoder.write(part);
    if (frameAt < 0) frameAt = stdout.indexOf(protocol.FRAME, scanFrom);
    wake();
    return data.length <= room;
  };
  const keepStderr = (data: Buffer) => {
    const room = caps.stderrBytes - err.bytes;
    if (room <= 0) return;
    const part = data.length <= room ? data : data.subarray(0, room);
    err.chunks.push(part);
    err.bytes += part.length;
  };

  const onData = (chunk: Buffer) => {
    if (overflowed) return; // the container is being killed; what it still sends is dropped
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= HEADER_BYTES) {
      const size = pending.readUInt32BE(4);
      if (pending.length < HEADER_BYTES + size) break;
      const kind = pending[0];
      const payload = pending.subarray(HEADER_BYTES, HEADER_BYTES + size);
      pending = pending.subarray(HEADER_BYTES + size);
      if (kind === STDOUT && !keepStdout(payload)) {
        overflowed = true;
        onOverflow();
        return;
      }
      if (kind === STDERR) keepStderr(payload);
    }
    // A single frame larger than the caps is never worth buffering whole.
    if (pending.length > caps.stdoutBytes + HEADER_BYTES) {
      overflowed = true;
      pending = Buffer.alloc(0);
      onOverflow();
    }
  };

  const snapshot = (): CollectedOutput => ({ stdout, stderr: Buffer.concat(err.chunks).toString('utf8'), overflowed });
  const done = new Promise<CollectedOutput>((resolve) => {
    const end = () => {
      stream.off('data', onData);
      resolve(snapshot());
    };
    stream.on('data', onData);
    stream.once('end', end);
    stream.once('close', end);
    stream.once('error', end);
  });
  const frame = () => new Promise<void>((resolve) => (frameEnd() >= 0 ? resolve() : waiting.push(resolve)));
  const consumeFrame = (through?: number, o = { refund: true }) => {
    const end = through === undefined ? frameEnd() + 1 : through;
    if (end <= 0) return;
    stdout = stdout.slice(end);
    if (o.refund) {
      stdoutBytes = Buffer.byteLength(stdout);
      err.chunks = [];
      err.bytes = 0;
    }
    frameAt = stdout.indexOf(protocol.FRAME);
  };
  return { done, frame, snapshot, consumeFrame };
}
