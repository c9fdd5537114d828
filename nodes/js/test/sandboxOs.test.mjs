// The os module tells the sandbox's figures or nothing: never the host's memory, CPUs, load, uptime,
// kernel or the container's ID.
import { createRequire } from 'node:module';
import os from 'node:os';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { confineOs } = require('../lib/worker/sandboxOs.js');

const MB = 1024 * 1024;

function confined(memoryLimitMb = 128, rssBytes = 40 * MB) {
  const fake = { ...os };
  const hostProcess = { memoryUsage: { rss: () => rssBytes }, uptime: () => 12.7 };
  confineOs(fake, { memoryLimitMb, hostProcess });
  return fake;
}

describe('confineOs', () => {
  it('gives the job’s memory limit, what is left of it, and no host CPU, load, kernel or name', () => {
    const sandboxOs = confined();
    expect({
      totalmem: sandboxOs.totalmem(),
      freemem: sandboxOs.freemem(),
      cpus: sandboxOs.cpus(),
      availableParallelism: sandboxOs.availableParallelism(),
      loadavg: sandboxOs.loadavg(),
      uptime: sandboxOs.uptime(),
      release: sandboxOs.release(),
      version: sandboxOs.version(),
      hostname: sandboxOs.hostname(),
    }).toEqual({
      totalmem: 128 * MB,
      freemem: 88 * MB,
      cpus: [],
      availableParallelism: 1,
      loadavg: [0, 0, 0],
      uptime: 12,
      release: '',
      version: '',
      hostname: 'sandbox',
    });
  });

  it('never gives negative free memory', () => {
    expect(confined(64, 100 * MB).freemem()).toBe(0);
  });

  it('leaves what describes the sandbox itself, and fixes what it set', () => {
    const sandboxOs = confined();
    expect(sandboxOs.platform()).toBe(os.platform());
    expect(sandboxOs.networkInterfaces).toBe(os.networkInterfaces);
    expect(sandboxOs.userInfo).toBe(os.userInfo);
    expect(() => {
      sandboxOs.totalmem = () => 1;
    }).toThrow(TypeError);
    expect(Object.getOwnPropertyDescriptor(sandboxOs, 'cpus')).toMatchObject({ writable: false, configurable: false });
  });
});
