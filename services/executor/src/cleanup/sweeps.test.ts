import { describe, expect, it } from 'vitest';
import { longestRunMs } from '../sandboxes/deadlines.js';
import { LABEL } from '../docker/labels.js';
import { ofOtherProcesses, staleOf } from './sweeps.js';

describe('ofOtherProcesses', () => {
  it("keeps a predecessor's containers, whenever they were made, never this process's own", () => {
    const predecessor = { id: 'old', labels: { [LABEL.process]: 'p1' } };
    const unlabelled = { id: 'older', labels: {} };
    const own = { id: 'own', labels: { [LABEL.process]: 'p2' } };
    expect(ofOtherProcesses([predecessor, unlabelled, own], 'p2').map((c) => c.id)).toEqual(['old', 'older']);
  });
});

describe('staleOf', () => {
  it('keeps only containers older than the longest possible run', () => {
    const now = 1_000_000_000;
    const maxAge = longestRunMs(300);
    const young = { id: 'young', createdSec: (now - maxAge + 1000) / 1000, labels: {} };
    const old = { id: 'old', createdSec: (now - maxAge - 1000) / 1000, labels: {} };
    expect(staleOf([young, old], maxAge, now).map((c) => c.id)).toEqual(['old']);
  });

  it("judges each container by its own creator's limit, not the sweeper's", () => {
    const now = 1_000_000_000;
    const mine = longestRunMs(5);
    const theirs = longestRunMs(300);
    const age = (mine + 1000) / 1000;
    const theirLongRun = { id: 'theirs', createdSec: now / 1000 - age, labels: { [LABEL.maxAgeSec]: String(theirs / 1000) } };
    const myStale = { id: 'mine', createdSec: now / 1000 - age, labels: { [LABEL.maxAgeSec]: String(mine / 1000) } };
    const garbled = { id: 'garbled', createdSec: now / 1000 - age, labels: { [LABEL.maxAgeSec]: 'forever' } };
    expect(staleOf([theirLongRun, myStale, garbled], mine, now).map((c) => c.id)).toEqual(['mine', 'garbled']);
  });

  it('the longest possible run outlasts every deadline of a maximal run', () => {
    expect(longestRunMs(300)).toBeGreaterThan(300_000 + 5_000 + 60_000);
  });
});
