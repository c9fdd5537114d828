// jsonDepth, which walks every value of a body's inputs and params, against the plain recursive
// definition of depth: the same answer up to the point where it stops (past MAX_INPUT_DEPTH).
import { describe, expect, it } from 'vitest';
import { jsonDepth, MAX_INPUT_DEPTH } from './nodeSpec.js';

const depth = (v: unknown): number => (v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depth)) : 0);
const capped = (d: number) => Math.min(d, MAX_INPUT_DEPTH + 1);

/** A random JSON value, with a seeded generator so a failure can be run again. */
function randomValue(seed: number, maxDepth: number) {
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
  const make = (d: number): unknown => {
    const r = next();
    if (d >= maxDepth || r < 0.3) return r < 0.1 ? null : r < 0.2 ? 'x' : Math.floor(r * 100);
    const n = Math.floor(next() * 4);
    return r < 0.65
      ? Array.from({ length: n }, () => make(d + 1))
      : Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, make(d + 1)]));
  };
  return make(0);
}

describe('jsonDepth', () => {
  it.each([[0], [null], ['s'], [[]], [{}], [[[]]], [{ a: { b: [1, { c: null }] } }], [[1, [2, [3, [4]]], 5]], [{ a: [], b: [[[]]] }]])(
    'of %j is its depth',
    (v) => expect(jsonDepth(v)).toBe(depth(v)),
  );

  it('agrees with the recursive definition on random values, up to where it stops', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const v = randomValue(seed, seed % 3 === 0 ? MAX_INPUT_DEPTH + 5 : 12);
      expect(capped(jsonDepth(v)), `seed ${seed}`).toBe(capped(depth(v)));
    }
  });

  it('stops just past the maximum, however deep the value goes', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: [deep] };
    expect(jsonDepth(deep)).toBe(MAX_INPUT_DEPTH + 1);
  });

  it('walks millions of elements without copying them, in well under a second', () => {
    const wide = [new Array(2_000_000).fill(0), Array.from({ length: 200_000 }, () => [{}])];
    const t0 = performance.now();
    expect(jsonDepth(wide)).toBe(4);
    // not a timing target: a guard against going back to a copy of every element
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
