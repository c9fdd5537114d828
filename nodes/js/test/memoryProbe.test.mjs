// Where the memory figure comes from: RSS when asked, otherwise the cgroup counter if there is one.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
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
});
