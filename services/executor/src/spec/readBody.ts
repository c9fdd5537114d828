// One request body, read as the body-reading threads read it: parsed as Fastify's own JSON parser parses
// it (secure-json-parse, refusing __proto__ and constructor.prototype), validated by the zod schema
// through parseSpec, checked by pre-flight, and handed back with its inputs and params as JSON text
// (UTF-8 bytes).
// No thread of its own: a worker thread runs it for the service, and a test runs it directly.
import secureJsonParse from 'secure-json-parse';
import type { ExecutorErrorCode } from '../outcome/codes.js';
import { ExecutorError } from '../outcome/executorError.js';
import type { nodeSpecSchema } from './nodeSpec.js';
import { parseSpec } from './parseSpec.js';
import { preflight } from './preflight.js';
import { jsonBytes, type RunSpec } from './runSpec.js';

/** What came of a body; plain data, so it crosses a thread boundary as it is. */
export type BodyReading =
  | { kind: 'spec'; spec: RunSpec }
  /** an empty body, which Fastify refuses before parsing */
  | { kind: 'empty' }
  /** not JSON, or JSON with a prototype-poisoning key */
  | { kind: 'not-json' }
  /** valid JSON that is not a valid spec: the ExecutorError parseSpec raised, as data */
  | { kind: 'refused'; code: ExecutorErrorCode; message: string; details: Record<string, unknown> | undefined };

export interface ReadOptions {
  /** run pre-flight on the code (EXECUTOR_PREFLIGHT) */
  preflight: boolean;
}

// Fastify's defaults (onProtoPoisoning and onConstructorPoisoning), which the service does not change.
const POISONING = { protoAction: 'error', constructorAction: 'error' } as const;

export function readBody(body: Uint8Array | string, schema: ReturnType<typeof nodeSpecSchema>, opts: ReadOptions): BodyReading {
  const text = typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  if (text.length === 0) return { kind: 'empty' };
  let value: unknown;
  try {
    value = secureJsonParse(text, null, POISONING);
  } catch {
    return { kind: 'not-json' };
  }
  let parsed: ReturnType<typeof parseSpec>;
  try {
    parsed = parseSpec(schema, value);
  } catch (err) {
    if (!(err instanceof ExecutorError)) throw err;
    return { kind: 'refused', code: err.code, message: err.message, details: err.details };
  }
  const { inputs, params, ...rest } = parsed;
  const spec: RunSpec = { ...rest, inputsJson: jsonBytes(inputs), paramsJson: jsonBytes(params) };
  if (opts.preflight) spec.preflight = preflight(spec) ?? null;
  return { kind: 'spec', spec };
}
