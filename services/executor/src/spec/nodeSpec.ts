// The request body of POST /execute as a zod schema: field names, defaults, and the service's maxima.
import { z } from 'zod';
import type { Config } from '../config.js';

/** Deeper JSON than this is refused: the runner's JSON.stringify and structuredClone recurse. */
export const MAX_INPUT_DEPTH = 64;
const REUSE_KEY = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
const MODULE_NAME = /^(node:)?(@[a-z0-9][\w.-]*\/)?[a-z0-9_][\w.-]*(\/[\w.-]+)*$/i;

export function nodeSpecSchema(config: Pick<Config, 'maxLimits' | 'request'>) {
  const { memoryMb, timeSec } = config.maxLimits;
  return z
    .object({
      code: z
        .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
        .min(1, 'must not be empty')
        .refine((c) => Buffer.byteLength(c) <= config.request.maxCodeBytes, {
          message: `must be at most ${config.request.maxCodeBytes} bytes`,
        }),
      inputs: z
        .unknown()
        .refine((v) => jsonDepth(v) <= MAX_INPUT_DEPTH, { message: `nesting must be at most ${MAX_INPUT_DEPTH} levels deep` })
        .default({}),
      params: z
        .record(z.unknown(), { invalid_type_error: 'must be an object' })
        .refine((v) => jsonDepth(v) <= MAX_INPUT_DEPTH, { message: `nesting must be at most ${MAX_INPUT_DEPTH} levels deep` })
        .default({}),
      memoryLimit: z
        .number({ invalid_type_error: 'must be a number (MB)' })
        .int('must be a whole number of MB')
        .min(64, 'must be at least 64 MB')
        .max(memoryMb, `must be at most ${memoryMb} MB (the service's maximum)`)
        .default(Math.min(512, memoryMb)),
      timeLimit: z
        .number({ invalid_type_error: 'must be a number (seconds)' })
        .min(0.1, 'must be at least 0.1 s')
        .max(timeSec, `must be at most ${timeSec} s (the service's maximum)`)
        .default(Math.min(30, timeSec)),
      enableNetworking: z.boolean({ invalid_type_error: 'must be true or false' }).default(false),
      enableFileSystem: z.boolean({ invalid_type_error: 'must be true or false' }).default(false),
      allowedModules: z
        .array(z.string().regex(MODULE_NAME, 'must be a module name such as "lodash" or "node:crypto"'), {
          invalid_type_error: 'must be an array of module names',
        })
        .max(100, 'must list at most 100 modules')
        .optional(),
      // Opt-in reuse: the caller's trust domain (a tenant). Runs of the same code with the same limits
      // and the same reuseKey may share a sandbox, each in a fresh worker and context; absent, one-shot.
      reuseKey: z
        .string({ invalid_type_error: 'must be a string' })
        .regex(REUSE_KEY, 'must be 1-128 letters, digits, dots, colons, dashes or underscores')
        .optional(),
    })
    .strict('unknown field');
}

export type NodeSpec = z.infer<ReturnType<typeof nodeSpecSchema>>;

/**
 * Depth of a parsed JSON value, without recursion (the value may be hostile). The walk keeps one frame
 * per container on the path it is on, and stops past MAX_INPUT_DEPTH, so it holds at most that many
 * however wide the value is, and allocates nothing for an array's elements: millions of them cost
 * milliseconds, not a copy of each.
 */
export function jsonDepth(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const lists: unknown[][] = [childrenOf(value)];
  const next: number[] = [0];
  let max = 1;
  while (lists.length > 0) {
    const top = lists.length - 1;
    const list = lists[top]!;
    let i = next[top]!;
    let container: object | undefined;
    while (i < list.length) {
      const v = list[i++];
      if (v !== null && typeof v === 'object') {
        container = v;
        break;
      }
    }
    next[top] = i;
    if (container === undefined) {
      lists.pop();
      next.pop();
      continue;
    }
    lists.push(childrenOf(container));
    next.push(0);
    if (lists.length > max) max = lists.length;
    if (max > MAX_INPUT_DEPTH) return max;
  }
  return max;
}

const childrenOf = (v: object): unknown[] => (Array.isArray(v) ? v : Object.values(v));
