// Reuse mode: one runner serves several jobs, one per stdin line, each in a fresh worker and context,
// with the sandbox's /tmp cleared between them; the stream's end ends the runner.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { job } = require('./support/runner.js');
const { FRAME } = require('../lib/protocol.js');
const RUNNER = path.join(__dirname, '..', 'SandboxRunner.js');

let sandboxTmp;
afterEach(() => rmSync(sandboxTmp, { recursive: true, force: true }));

/** Starts a runner and returns send(job) → its frame, and end() → the exit code. */
function startRunner() {
  sandboxTmp = mkdtempSync(path.join(tmpdir(), 'edgeql-reuse-'));
  const child = spawn(process.execPath, ['--disallow-code-generation-from-strings', RUNNER], {
    env: { EDGEQL_MEMORY_SOURCE: 'rss', EDGEQL_WORKER_HEAP_MB: '256', EDGEQL_SANDBOX_TMP: sandboxTmp },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  let stdout = '';
  const waiters = [];
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    stdout += chunk;
    for (let end = stdout.indexOf('\n'); stdout.startsWith(FRAME) && end >= 0; end = stdout.indexOf('\n')) {
      const frame = JSON.parse(stdout.slice(FRAME.length, end));
      stdout = stdout.slice(end + 1);
      waiters.shift()?.(frame);
    }
  });
  const exited = new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve(code);
    }),
  );
  return {
    send: (j) =>
      new Promise((resolve) => {
        waiters.push(resolve);
        child.stdin.write(`${JSON.stringify(j)}\n`);
      }),
    end: () => {
      child.stdin.end();
      return exited;
    },
    exited,
  };
}

const reuse = (fields) => job({ ...fields, reuse: true });

describe('reuse mode', () => {
  it('runs each job in a fresh context, with nothing of the last one left', async () => {
    const r = startRunner();
    const first = await r.send(reuse({ code: 'globalThis.leak = 1; Object.prototype.polluted = 1; return 1;' }));
    expect(first).toMatchObject({ type: 'result', value: 1 });
    const second = await r.send(reuse({ code: 'return { leak: typeof leak, polluted: Object.prototype.polluted === undefined };' }));
    expect(second).toMatchObject({ type: 'result', value: { leak: 'undefined', polluted: true } });
    expect(await r.end()).toBe(0);
  });

  it('clears the sandbox /tmp between jobs', async () => {
    const r = startRunner();
    const wrote = await r.send(
      reuse({
        code: `require('fs').writeFileSync(${JSON.stringify('TMPDIR/x')}.replace('TMPDIR', params.dir), 'x'); return 1;`,
        params: { dir: sandboxTmp },
        limits: { enableFileSystem: true },
      }),
    );
    expect(wrote).toMatchObject({ type: 'result', value: 1 });
    const next = await r.send(reuse({ code: 'return 2;' }));
    expect(next).toMatchObject({ type: 'result', value: 2 });
    expect(readdirSync(sandboxTmp)).toEqual([]);
    expect(await r.end()).toBe(0);
  });

  it('goes on after a timeout or a violation, each with its own clock', async () => {
    const r = startRunner();
    expect(await r.send(reuse({ code: 'while (true) {}', limits: { timeLimitSec: 0.5 } }))).toMatchObject({
      type: 'violation',
      error: { type: 'TIMEOUT' },
    });
    expect(await r.send(reuse({ code: "eval('1')" }))).toMatchObject({ type: 'violation', error: { type: 'DYNAMIC_CODE' } });
    const last = await r.send(reuse({ code: 'return 3;' }));
    expect(last).toMatchObject({ type: 'result', value: 3 });
    expect(last.stats.executionTime).toBeLessThan(0.5);
    expect(await r.end()).toBe(0);
  });

  it('ends after one job when the job is not a reuse job', async () => {
    const r = startRunner();
    expect(await r.send(job({ code: 'return 1;' }))).toMatchObject({ type: 'result', value: 1 });
    expect(await r.exited).toBe(0);
  });
});
