// The line the service writes to the runner's stdin for one job, built without touching the user's data:
// the small part of the job is serialised here, and the inputs and params, already JSON text in UTF-8,
// are spliced in as they are. The bytes are those of JSON.stringify of the whole job; the runner parses them.
import type { Job } from '@edgeql/node-js/protocol';

/** Everything of a job but the user's data, with the key its frame must carry. */
export type JobHead = Omit<Job, 'inputs' | 'params'> & { frameKey: string };

export interface JobLine {
  readonly head: JobHead;
  /** one line of JSON, newline included, in parts to write one after the other */
  readonly parts: readonly Uint8Array[];
}

/**
 * inputsJson and paramsJson must be JSON texts in UTF-8 (as JSON.stringify writes them, so they hold no
 * raw newline); they end the object, after the head's own fields.
 */
export function jobLine(head: JobHead, inputsJson: Uint8Array, paramsJson: Uint8Array): JobLine {
  const open = JSON.stringify(head).slice(0, -1);
  const comma = open === '{' ? '' : ',';
  return { head, parts: [Buffer.from(`${open}${comma}"inputs":`), inputsJson, Buffer.from(',"params":'), paramsJson, Buffer.from('}\n')] };
}

/** The line as text (for tests and tools; the service writes the parts). */
export const jobLineText = (line: JobLine): string => Buffer.concat(line.parts).toString('utf8');
