// The real runner against user code that reaches for the runner's own descriptors, which it shares a
// descriptor table with: the memory source the watchdog polls, stdin, stdout and stderr. None is within
// reach through fs or the network modules, the watchdog keeps measuring, and the frame is the only thing on
// stdout. Also what os tells user code.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { resultOf, violationOf } from './support/outcomes.mjs';

const require = createRequire(import.meta.url);
const { job, runRunner } = require('./support/runner.js');

const MB = 1024 * 1024;

describe('the memory watchdog', () => {
  it('cannot be blinded by closing its source and opening a file under the same number', async () => {
    const code = `
      const fs = require('fs');
      const mine = new Set();
      for (let fd = 3; fd < 64; fd++) {
        if (mine.has(fd)) continue;
        try {
          if (!fs.fstatSync(fd).isFile()) continue;
          fs.closeSync(fd);
          const own = fs.openSync('/tmp/edgeql-figure-' + fd, 'w+');
          fs.writeSync(own, 'x', 0);
          mine.add(own);
        } catch {}
      }
      const keep = [];
      while (process.memoryUsage().rss < 400 * 1024 * 1024) keep.push(Buffer.alloc(8 * 1024 * 1024, 1));
      return 'unmeasured';`;
    const { error } = await violationOf(job({ code, limits: { enableFileSystem: true, memoryLimitMb: 256, timeLimitSec: 10 } }));
    expect(error.type).toBe('MEMORY_LIMIT');
    expect(error.details.peakMemory).toBeGreaterThan(256);
  });
});

describe('the runner’s stdio', () => {
  it('is out of fs’s reach: reading, writing, closing and streaming all fail with EBADF, and the frame arrives alone', async () => {
    const code = `
      const fs = require('fs');
      const codes = [];
      const attempt = (f) => { try { f(); codes.push('done'); } catch (e) { codes.push(e.code); } };
      attempt(() => fs.readSync(0, Buffer.alloc(8)));
      attempt(() => fs.writeSync(1, 'written past the frame\\n'));
      attempt(() => fs.writeSync(2, 'x'));
      attempt(() => fs.closeSync(1));
      attempt(() => fs.closeSync(2));
      attempt(() => fs.readFileSync(0));
      codes.push(await new Promise((resolve) => fs.createWriteStream(null, { fd: 1 }).on('error', (e) => resolve(e.code)).write('x')));
      return codes;`;
    const run = await runRunner(job({ code, limits: { enableFileSystem: true } }));
    expect(run.exitCode).toBe(0);
    expect(run.message?.value).toEqual(Array(7).fill('EBADF'));
    expect(run.stdout.split('\n')).toHaveLength(2);
  });

  it('is out of the network modules’ reach with networking on', async () => {
    const code = `
      const net = require('net');
      const codes = [];
      const attempt = (f) => { try { f(); codes.push('done'); } catch (e) { codes.push(e.code); } };
      attempt(() => new net.Socket({ fd: 1 }).write('written past the frame\\n'));
      attempt(() => require('http').request({ fd: 1, host: '127.0.0.1', port: 9 }).on('error', () => {}));
      codes.push(net._createServerHandle(null, -1, -1, 0));
      return codes;`;
    const run = await runRunner(job({ code, limits: { enableNetworking: true } }));
    expect(run.message?.value).toEqual(['EBADF', 'EBADF', -9]);
    expect(run.stdout.split('\n')).toHaveLength(2);
  });
});

describe('os', () => {
  it('tells the sandbox’s figures or nothing', async () => {
    const code = `
      const os = require('os');
      return [os.totalmem(), os.cpus(), os.availableParallelism(), os.loadavg(), os.release(), os.version(), os.hostname(),
        os.uptime() <= process.uptime() + 1, os.freemem() < os.totalmem(), os.platform() === process.platform];`;
    const { value } = await resultOf(job({ code, limits: { memoryLimitMb: 192 } }));
    expect(value).toEqual([192 * MB, [], 1, [0, 0, 0], '', '', 'sandbox', true, true, true]);
  });
});
