// Turns a request body into a NodeSpec, or an INVALID_SPEC error naming every bad field and why.
import { ExecutorError } from '../outcome/executorError.js';
import type { NodeSpec, nodeSpecSchema } from './nodeSpec.js';

export type FieldError = { field: string; reason: string };

export function parseSpec(schema: ReturnType<typeof nodeSpecSchema>, body: unknown): NodeSpec {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ExecutorError('INVALID_SPEC', '(body): must be a JSON object', {
      fields: [{ field: '(body)', reason: 'must be a JSON object' }],
    });
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const fields: FieldError[] = parsed.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return { field: issue.keys.join(', '), reason: 'unknown field' };
    }
    return { field: issue.path.map(String).join('.') || '(body)', reason: issue.message };
  });
  const first = fields[0]!;
  throw new ExecutorError('INVALID_SPEC', `${first.field}: ${first.reason}`, { fields });
}
