// Where the memory figure comes from: RSS when asked, otherwise the cgroup counter if there is one.
import { closeSync, openSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { openMemorySource } = require('../lib/runner/memoryProbe.js');

describe('openMemorySource', () => {
  it('measures this process’s RSS when told to', () => {
    const source = openMemorySource('rss');
    expect(source.name).toBe('rss');
    const bytes = source.readBytes();
    expect(bytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(Math.abs(bytes - process.memoryUsage.rss())).toBeLessThan(64 * 1024 * 1024);
  });

  it('otherwise reads a cgroup counter when one is readable', () => {
    const source = openMemorySource(undefined);
    expect(['cgroup v2', 'cgroup v1', 'rss']).toContain(source.name);
    expect(source.readBytes()).toBeGreaterThan(0);
    expect(source.readBytes()).toBeGreaterThan(0);
  });

  it('never opens a descriptor to poll, so exhausting them cannot blind the watchdog', () => {
    const source = openMemorySource('rss');
    const open = () => readdirSync('/proc/self/fd').length;
    const before = open();
    for (let i = 0; i < 200; i++) {
      source.readBytes();
      source.rssBytes();
    }
    expect(open()).toBe(before);
    expect(Math.abs(source.rssBytes() - process.memoryUsage.rss())).toBeLessThan(64 * 1024 * 1024);
  });

  // User code shares the runner's descriptor table: a source closed and reopened as another file under
  // the same number must not be read as the sandbox's memory.
  it('fails closed when its descriptor is no longer the file it opened', () => {
    const statm = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`).endsWith('/statm');
        } catch {
          return false;
        }
      });
    const before = new Set(statm());
    const source = openMemorySource('rss');
    const fds = statm()
      .filter((fd) => !before.has(fd))
      .map(Number);
    expect(fds.length).toBeGreaterThan(0);
    const fake = join(tmpdir(), `edgeql-fake-statm-${process.pid}`);
    writeFileSync(fake, '1 1 1 1 1 1 1\n');
    for (const fd of fds) closeSync(fd);
    const reopened = fds.map(() => openSync(fake, 'r'));
    try {
      expect(reopened.sort()).toEqual(fds.sort());
      expect(() => source.readBytes()).toThrow(/no longer the file the runner opened/);
    } finally {
      for (const fd of reopened) closeSync(fd);
    }
  });
});
