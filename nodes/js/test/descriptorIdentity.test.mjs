// A descriptor pinned to the file it refers to: a number closed and handed out again is not the same.
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { identityOf, isStill, pinDescriptor } = require('../lib/descriptorIdentity.js');

const file = (name) => {
  const path = join(tmpdir(), `edgeql-identity-${process.pid}-${name}`);
  writeFileSync(path, name);
  return path;
};

describe('pinDescriptor', () => {
  it('holds while the descriptor refers to the file it was pinned to', () => {
    const fd = openSync(file('a'), 'r');
    try {
      const pinned = pinDescriptor(fd);
      expect(pinned.unchanged()).toBe(true);
      expect(pinned.unchanged()).toBe(true);
    } finally {
      closeSync(fd);
    }
  });

  it('fails once the number is closed, and stays failed when the kernel hands it out again for another file', () => {
    const fd = openSync(file('b'), 'r');
    const pinned = pinDescriptor(fd);
    closeSync(fd);
    expect(pinned.unchanged()).toBe(false);
    const again = openSync(file('c'), 'r');
    try {
      expect(again).toBe(fd);
      expect(pinned.unchanged()).toBe(false);
    } finally {
      closeSync(again);
    }
  });

  it('throws for a descriptor that is not open, and isStill never throws', () => {
    expect(() => pinDescriptor(987654)).toThrow();
    expect(isStill(987654, { dev: 0n, ino: 0n })).toBe(false);
    const fd = openSync(file('d'), 'r');
    try {
      expect(isStill(fd, identityOf(fd))).toBe(true);
    } finally {
      closeSync(fd);
    }
  });
});
