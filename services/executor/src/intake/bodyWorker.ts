// A body-reading thread (see bodyPool.ts): reads one request body per task with spec/readBody.ts, against
// the schema built once from the service's limits, which the thread is given as its workerData. A spec's
// inputs and params go back to the main thread as the bytes they are, handed over rather than copied.
import { workerData } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { nodeSpecSchema } from '../spec/nodeSpec.js';
import { type BodyReading, readBody } from '../spec/readBody.js';
import type { BodyReaderSettings } from './bodyPool.js';

const settings = workerData as BodyReaderSettings;
const schema = nodeSpecSchema(settings);

export default function read(body: Uint8Array) {
  const reading = readBody(body, schema, { preflight: settings.request.preflight });
  if (reading.kind !== 'spec') return reading;
  // Each is in an ArrayBuffer of its own (runSpec.ts, jsonBytes), so handing them over takes nothing else along.
  const buffers = [reading.spec.inputsJson.buffer, reading.spec.paramsJson.buffer];
  return move({
    get [transferableSymbol]() {
      return buffers;
    },
    get [valueSymbol](): BodyReading {
      return reading;
    },
  });
}
