// Reads a container's multiplexed output with byte caps, so no sandbox can make the service buffer without bound.
import type { Readable } from 'node:stream';

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

/**
 * Splits Docker's multiplexed stream (8-byte header: stream id, 3 zero bytes, big-endian length) into
 * stdout and stderr, keeping at most the capped bytes of each. Resolves when the stream ends or closes.
 */
export function collectOutput(stream: Readable, caps: OutputCaps, onOverflow: () => void): Promise<CollectedOutput> {
  const out = { chunks: [] as Buffer[], bytes: 0 };
  const err = { chunks: [] as Buffer[], bytes: 0 };
  let pending: Buffer = Buffer.alloc(0);
  let overflowed = false;

  const keep = (sink: typeof out, cap: number, data: Buffer): boolean => {
    const room = cap - sink.bytes;
    if (room > 0) {
      const part = data.length <= room ? data : data.subarray(0, room);
      sink.chunks.push(part);
      sink.bytes += part.length;
    }
    return data.length <= room;
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
      if (kind === STDOUT && !keep(out, caps.stdoutBytes, payload)) {
        overflowed = true;
        onOverflow();
        return;
      } else if (kind === STDERR) {
        keep(err, caps.stderrBytes, payload);
      }
    }
    // A single frame larger than the caps is never worth buffering whole.
    if (pending.length > caps.stdoutBytes + HEADER_BYTES) {
      overflowed = true;
      pending = Buffer.alloc(0);
      onOverflow();
    }
  };

  return new Promise((resolve) => {
    const done = () => {
      stream.off('data', onData);
      resolve({
        stdout: Buffer.concat(out.chunks).toString('utf8'),
        stderr: Buffer.concat(err.chunks).toString('utf8'),
        overflowed,
      });
    };
    stream.on('data', onData);
    stream.once('end', done);
    stream.once('close', done);
    stream.once('error', done);
  });
}
