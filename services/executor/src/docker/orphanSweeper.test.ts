import { describe, expect, it } from 'vitest';
import { longestRunMs } from '../runners/deadlines.js';
import { createdBefore, staleOf } from './orphanSweeper.js';

describe('createdBefore', () => {
  it('keeps what was created in an earlier second than the start, never what this process made since', () => {
    const start = 1_700_000_000_500;
    const old = { id: 'old', createdSec: 1_699_999_999 };
    const sameSecond = { id: 'same', createdSec: 1_700_000_000 };
    const later = { id: 'later', createdSec: 1_700_000_001 };
    expect(createdBefore([old, sameSecond, later], start).map((c) => c.id)).toEqual(['old']);
  });
});

describe('staleOf', () => {
  it('keeps only containers older than the longest possible run', () => {
    const now = 1_000_000_000;
    const maxAge = longestRunMs(300);
    const young = { id: 'young', createdSec: (now - maxAge + 1000) / 1000 };
    const old = { id: 'old', createdSec: (now - maxAge - 1000) / 1000 };
    expect(staleOf([young, old], maxAge, now).map((c) => c.id)).toEqual(['old']);
  });

  it('the longest possible run outlasts every deadline of a maximal run', () => {
    expect(longestRunMs(300)).toBeGreaterThan(300_000 + 5_000 + 60_000);
  });
});
