// A request body collected as it arrives into one buffer of its own, each chunk copied once on arrival,
// so the event loop never copies a whole large body in one go (Fastify's own collector concatenates the
// chunks at the end) and the buffer can be handed to a body-reading thread as it is. The refusals are
// Fastify's own, with its codes and words: a body over the limit, a length other than the one declared,
// a stream that failed.
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { errorCodes } from 'fastify';

/**
 * The first buffer is at most this large: a declared length is taken on trust only once this much has
 * arrived, and the buffer then grows to it in one step (without one, it doubles as needed).
 */
const FIRST_BUFFER_BYTES = 1024 * 1024;

export function receiveBody(payload: Readable, headers: IncomingHttpHeaders, limitBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const declared = Number(headers['content-length']);
    if (declared > limitBytes) {
      reject(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
      return;
    }
    let buffer = new Uint8Array(Math.min(Number.isNaN(declared) ? FIRST_BUFFER_BYTES : declared, FIRST_BUFFER_BYTES));
    let length = 0;
    const stop = () => {
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onEnd);
    };
    function onData(data: Buffer | string) {
      const chunk = typeof data === 'string' ? Buffer.from(data) : data;
      if (length + chunk.byteLength > limitBytes) {
        stop();
        reject(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
        return;
      }
      if (length + chunk.byteLength > buffer.byteLength) {
        const grown = new Uint8Array(
          Number.isNaN(declared) ? Math.min(limitBytes, Math.max(buffer.byteLength * 2, length + chunk.byteLength)) : declared,
        );
        if (grown.byteLength < length + chunk.byteLength) {
          // more than the declared length: what Fastify answers once the body has ended
          stop();
          reject(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
          return;
        }
        grown.set(buffer.subarray(0, length));
        buffer = grown;
      }
      buffer.set(chunk, length);
      length += chunk.byteLength;
      // One chunk per turn of the event loop: while many large bodies stream in, Node would otherwise read
      // up to 32 chunks from each socket before turning to another request, /health/live's among them.
      payload.pause();
      setImmediate(() => payload.resume());
    }
    function onEnd(err?: Error & { statusCode?: number }) {
      stop();
      if (err) {
        if (!(typeof err.statusCode === 'number' && err.statusCode >= 400)) err.statusCode = 400;
        reject(err);
        return;
      }
      if (!Number.isNaN(declared) && length !== declared) {
        reject(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
        return;
      }
      // A view of what arrived: its whole buffer goes to the reading thread, with no copy to trim it.
      resolve(buffer.subarray(0, length));
    }
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onEnd);
    payload.resume();
  });
}
