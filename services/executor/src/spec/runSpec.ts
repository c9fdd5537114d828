// A node spec as the service carries it once validated: the fields the service reads itself, with the
// user's inputs and params kept as the JSON text they reach the sandbox as (UTF-8 bytes, off the
// JavaScript heap), so no one on the main thread parses, walks, serialises or encodes them again.
import type { Violation } from '@edgeql/node-js/protocol';
import type { NodeSpec } from './nodeSpec.js';

export interface RunSpec extends Omit<NodeSpec, 'inputs' | 'params'> {
  /** the validated inputs as JSON text in UTF-8, spliced into the job line as it is */
  inputsJson: Uint8Array;
  /** the validated params as JSON text in UTF-8 */
  paramsJson: Uint8Array;
  /** pre-flight's verdict when it was reached where the body was read (null: the code may run); absent, not yet checked */
  preflight?: Violation | null;
}

/** JSON text as UTF-8, in an ArrayBuffer of its own (so it can be handed from one thread to another). */
export const jsonBytes = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

/** A spec whose inputs and params are values (a caller in the same process) as a RunSpec. */
export function runSpecOf(spec: NodeSpec): RunSpec {
  const { inputs, params, ...rest } = spec;
  // A missing inputs reaches the runner as null either way (it reads an absent field as null).
  return { ...rest, inputsJson: jsonBytes(inputs ?? null), paramsJson: jsonBytes(params ?? {}) };
}

export const isRunSpec = (spec: NodeSpec | RunSpec): spec is RunSpec => (spec as Partial<RunSpec>).inputsJson instanceof Uint8Array;
