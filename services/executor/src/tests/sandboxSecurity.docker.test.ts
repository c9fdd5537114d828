// The security suite: real hardened containers through the real Docker engine, driven over HTTP.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isGvisor, sandboxCreateOptions } from '../hardening/hostConfig.js';
import { LABEL } from '../docker/labels.js';
import { executeOk } from './http.js';
import { testApp } from './testConfig.js';

const require = createRequire(import.meta.url);
const examples = (file: string) => require.resolve(`@edgeql/node-js/package.json`).replace(/package\.json$/, `examples/${file}`);
const MiB = 1024 * 1024;

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.app.close();
  expect(await t.leftBehind(), 'every sandbox is removed: used ones after their run, idle pooled ones at close').toEqual([]);
});

const execute = (spec: Record<string, unknown>) => executeOk(t.app, spec);

async function violation(spec: Record<string, unknown>, type: string) {
  const body = await execute(spec);
  expect(body.success, JSON.stringify(body)).toBe(false);
  expect(body.error?.type, JSON.stringify(body.error)).toBe(type);
  expect(body.error?.message.startsWith(`${type}: `)).toBe(true);
  return body.error!;
}

describe.concurrent('the design examples', () => {
  it('SafeDataTransform returns the right figures', async () => {
    const code = readFileSync(examples('SafeDataTransform.js'), 'utf8');
    const body = await execute({
      code,
      inputs: {
        data: [
          { name: 'a', value: 10 },
          { name: 'b', value: 20 },
          { name: 'c', value: 60 },
        ],
      },
    });
    expect(body.success, JSON.stringify(body)).toBe(true);
    expect(body.result).toMatchObject({ count: 3, sum: 90, average: 30, min: 10, max: 60 });
    expect(body.stats.executionTime).toBeGreaterThan(0);
    expect(body.stats.peakMemory).toBeGreaterThan(0);
    expect(body.stats.rss).toBeGreaterThan(0);
  });

  it('the memory bomb is a MEMORY_LIMIT with its figures', async () => {
    const e = await violation(
      { code: 'const a = []; while (true) a.push(new Array(1e6).fill(1));', memoryLimit: 128, timeLimit: 20 },
      'MEMORY_LIMIT',
    );
    expect(e.message).toMatch(/^MEMORY_LIMIT: Memory usage \(\d+\.\d\dMB\) exceeded limit of 128MB$/);
    expect(e.details).toMatchObject({ limit: 128 });
    expect(e.details.currentMemory as number).toBeGreaterThan(128);
    expect(e.details.peakMemory as number).toBeGreaterThanOrEqual(e.details.currentMemory as number);
  });

  it("require('http') is a RESTRICTED_MODULE", async () => {
    const e = await violation({ code: "const http = require('http'); return 1;" }, 'RESTRICTED_MODULE');
    expect(e.message).toBe("RESTRICTED_MODULE: Access to module 'http' is not allowed in sandbox");
  });

  it('eval is DYNAMIC_CODE', async () => {
    const e = await violation({ code: "return eval('1 + 1');" }, 'DYNAMIC_CODE');
    expect(e.message).toBe('DYNAMIC_CODE: Dynamic code execution via eval() is not allowed');
  });

  it('crypto outside the allowlist is UNAUTHORIZED_MODULE', async () => {
    const e = await violation({ code: "return require('crypto').randomUUID();", allowedModules: ['lodash'] }, 'UNAUTHORIZED_MODULE');
    expect(e.message).toBe("UNAUTHORIZED_MODULE: Module 'crypto' not in allowed modules list");
  });
});

describe.concurrent('modules', () => {
  it.each(['fs', 'node:fs', 'fs/promises', 'child_process', 'node:worker_threads', 'vm', 'net', 'process'])(
    '%s is blocked by default',
    async (name) => {
      const e = await violation({ code: `require(${JSON.stringify(name)}); return 1;` }, 'RESTRICTED_MODULE');
      expect(e.details.module).toBeTruthy();
    },
  );

  it('lodash and moment are there, and listed modules load', async () => {
    const body = await execute({
      code: "const _ = require('lodash'); const moment = require('moment'); return { sum: _.sum(inputs), year: moment.utc('2024-02-29').year() };",
      inputs: [1, 2, 3],
      allowedModules: ['lodash', 'moment'],
    });
    expect(body.result).toEqual({ sum: 6, year: 2024 });
  });

  it('enableFileSystem unblocks fs for /tmp only: the permission model refuses the rest of the container', async () => {
    const body = await execute({
      enableFileSystem: true,
      code: `
        const fs = require('fs');
        const attempt = (f) => { try { f(); return 'ok'; } catch (e) { return e.code; } };
        return {
          root: attempt(() => fs.writeFileSync('/evil', 'x')), tmp: attempt(() => fs.writeFileSync('/tmp/ok', 'x')),
          passwd: attempt(() => fs.readFileSync('/etc/passwd')), status: attempt(() => fs.readFileSync('/proc/self/status')),
          tmpBack: fs.readFileSync('/tmp/ok', 'utf8'),
        };`,
    });
    expect(body.success, JSON.stringify(body)).toBe(true);
    expect(body.result).toEqual({
      root: 'ERR_ACCESS_DENIED',
      tmp: 'ok',
      passwd: 'ERR_ACCESS_DENIED',
      status: 'ERR_ACCESS_DENIED',
      tmpBack: 'x',
    });
  });
});

describe.concurrent('dynamic code and process control', () => {
  it.each([
    ['indirect eval', "return (0, eval)('1');", 'eval()'],
    [
      'this.constructor.constructor',
      "return (function () { return this; }).constructor.constructor('return process')();",
      'Function constructor',
    ],
    ['the async function constructor', "return (async () => {}).constructor('return 1');", 'AsyncFunction constructor'],
    ['a string timer', "setTimeout('1 + 1', 1); return 1;", 'string timers'],
  ])('%s is DYNAMIC_CODE', async (_name, code, construct) => {
    const e = await violation({ code }, 'DYNAMIC_CODE');
    expect(e.details.construct).toBe(construct);
  });

  it('a swallowed violation is still reported', async () => {
    await violation({ code: "try { eval('1'); } catch {} return 'got away';" }, 'DYNAMIC_CODE');
  });

  it('process.exit is PROCESS_CONTROL, and process has no host environment', async () => {
    const e = await violation({ code: 'process.exit(0);' }, 'PROCESS_CONTROL');
    expect(e.message).toBe('PROCESS_CONTROL: process.exit() is not allowed in sandbox');
    const body = await execute({ code: 'return { env: process.env, keys: Object.keys(process.env).length };' });
    expect(body.result).toEqual({ env: {}, keys: 0 });
  });
});

describe.concurrent('time limits', () => {
  it.each([
    ['a synchronous loop', 'while (true) {}'],
    ['a loop in a promise callback', 'await Promise.resolve().then(() => { while (true) {} });'],
    // spin returns nothing, so no promise chain grows: the queue never empties, and memory stays flat
    ['endless microtasks', 'const spin = () => { Promise.resolve().then(spin); }; spin(); await new Promise(() => {});'],
    ['Atomics.wait', 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);'],
    ['a result whose serialization never ends', 'return { toJSON() { while (true) {} } };'],
  ])('%s is a TIMEOUT soon after the limit', async (_name, code) => {
    const e = await violation({ code, timeLimit: 1 }, 'TIMEOUT');
    expect(e.message).toMatch(/^TIMEOUT: Execution time \(\d+\.\d\ds\) exceeded limit of 1s$/);
    expect(e.details.limit).toBe(1);
    expect(e.details.currentTime as number).toBeGreaterThanOrEqual(1);
    expect(e.details.currentTime as number).toBeLessThan(2);
  });
});

describe.concurrent('results, errors and output', () => {
  it('top-level await works and console is captured', async () => {
    const body = await execute({
      code: "console.log('hi', 1); console.error('bad'); await new Promise((r) => setTimeout(r, 10)); return params.x * 2;",
      params: { x: 21 },
    });
    expect(body.result).toBe(42);
    expect(body.logs.map((l) => [l.level, l.message])).toEqual([
      ['log', 'hi 1'],
      ['error', 'bad'],
    ]);
  });

  it('a thrown error is a RUNTIME_ERROR whose stack points at the user code', async () => {
    const e = await violation({ code: 'const x = 1;\n\nthrow new TypeError("nope");' }, 'RUNTIME_ERROR');
    expect(e.message).toBe('RUNTIME_ERROR: TypeError: nope');
    expect(e.details.stack).toMatch(/node\.js:3/);
    expect(e.details.stack).not.toMatch(/SandboxRunner|sandboxWorker|\/opt\/edgeql/);
  });

  it.each([
    ['a BigInt', 'return 10n;'],
    ['a circular structure', 'const a = {}; a.a = a; return a;'],
    ['a function', 'return { f() {} };'],
  ])('%s is an INVALID_RESULT', async (_name, code) => {
    await violation({ code }, 'INVALID_RESULT');
  });

  it('a result over the configured size is an OUTPUT_LIMIT', async () => {
    const e = await violation({ code: "return 'x'.repeat(1024 * 1024);" }, 'OUTPUT_LIMIT');
    expect(e.details).toMatchObject({ output: 'result', limit: t.config.output.maxResultBytes });
  });

  it('endless logging is an OUTPUT_LIMIT', async () => {
    const e = await violation({ code: "while (true) console.log('spam'.repeat(100));", timeLimit: 10 }, 'OUTPUT_LIMIT');
    expect(e.details).toMatchObject({ output: 'logs' });
  });

  it('Buffers outside the JS heap count towards the memory limit', async () => {
    await violation(
      { code: 'const keep = []; while (true) keep.push(Buffer.alloc(4 * 1024 * 1024, 1));', memoryLimit: 96, timeLimit: 20 },
      'MEMORY_LIMIT',
    );
  });
});

describe.concurrent('the container', () => {
  it('has no network but loopback when networking is off', async () => {
    const body = await execute({ code: 'return Object.keys(require("os").networkInterfaces());' });
    expect(body.result).toEqual(['lo']);
  });

  it('joins the isolated sandbox network when networking is on (runsc registered with --network=none: refused, 503)', async () => {
    if (isGvisor(t.config.sandbox.runtime)) {
      // The stated difference: gVisor without its own network gives sandboxes loopback only, so the service refuses.
      const res = await t.app.inject({ method: 'POST', url: '/execute', payload: { enableNetworking: true, code: 'return 1' } });
      expect(res.statusCode, res.body).toBe(503);
      expect(res.json()).toMatchObject({
        success: false,
        error: {
          type: 'NETWORKING_UNAVAILABLE',
          details: { runtime: t.config.sandbox.runtime, runtimeArgs: expect.arrayContaining(['--network=none']) },
        },
      });
      return;
    }
    const body = await execute({
      enableNetworking: true,
      code: 'require("http"); return Object.keys(require("os").networkInterfaces()).sort();',
    });
    expect(body.result).toEqual(['eth0', 'lo']);
    const net = await t.executor.engine.inspectNetwork(t.config.sandbox.network, AbortSignal.timeout(10_000));
    expect(net?.options).toMatchObject({ 'com.docker.network.bridge.enable_icc': 'false' });
    expect(t.executor.egress.status, 'the egress rules are in force before the first sandbox joins').toMatchObject({
      state: 'enforced',
      enforce: true,
    });
  });
});

describe('hardening is what Docker actually applied', () => {
  it.each([false, true])('enableNetworking=%s', async (enableNetworking) => {
    const client = t.executor.engine;
    if (enableNetworking && isGvisor(t.config.sandbox.runtime)) {
      // The stated difference: no networking-enabled sandbox is ever made under runsc with --network=none.
      await expect(t.executor.network.ensure(AbortSignal.timeout(10_000))).rejects.toMatchObject({ code: 'NETWORKING_UNAVAILABLE' });
      return;
    }
    if (enableNetworking) await t.executor.network.ensure(AbortSignal.timeout(10_000));
    const opts = sandboxCreateOptions({
      image: t.config.image.name,
      spec: { memoryLimit: 128, timeLimit: 5, enableNetworking },
      sandbox: t.config.sandbox,
      labels: { [LABEL.managed]: 'true', [LABEL.createdBy]: t.instanceId },
    });
    const id = await client.create(opts, AbortSignal.timeout(20_000));
    try {
      const { hostConfig: h, config: c } = await client.inspect(id, AbortSignal.timeout(10_000));
      expect(c.User).toBe('1001:1001');
      expect(c.Env ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/^(HOME|HOSTNAME|DOCKER|EXECUTOR)/)]));
      expect(h.ReadonlyRootfs).toBe(true);
      expect(h.CapDrop).toEqual(['ALL']);
      expect(h.CapAdd ?? null).toBeNull();
      expect(h.Privileged).toBe(false);
      expect(h.SecurityOpt?.[0]).toBe('no-new-privileges:true');
      expect(JSON.parse(h.SecurityOpt![1]!.replace(/^seccomp=/, ''))).toEqual(
        JSON.parse(readFileSync(new URL('../../../../docker/seccomp/node-sandbox.json', import.meta.url), 'utf8')),
      );
      expect(h.Runtime).toBe(t.config.sandbox.runtime);
      expect(h.Memory).toBe((128 + t.config.sandbox.memoryHeadroomMb) * MiB);
      expect(h.MemorySwap).toBe(h.Memory);
      expect(h.NanoCpus).toBe(t.config.sandbox.cpus * 1e9);
      // runc: the sandbox's processes; gVisor: its kernel's host threads (hostConfig.ts says why)
      expect(h.PidsLimit).toBe(isGvisor(t.config.sandbox.runtime) ? 128 : 50);
      expect(h.Ulimits).toEqual([
        { Name: 'nofile', Soft: 100, Hard: 200 },
        { Name: 'cpu', Soft: 7, Hard: 8 },
      ]);
      expect(h.Init).toBe(true);
      expect(h.Tmpfs).toEqual({ '/tmp': `rw,noexec,nosuid,nodev,size=${t.config.sandbox.tmpfsMb}m,mode=1777` });
      expect(h.NetworkMode).toBe(enableNetworking ? t.config.sandbox.network : 'none');
      expect(h.IpcMode).toBe('private');
      expect(h.LogConfig?.Type).toBe('none');
      expect(h.AutoRemove).toBe(false);
      expect(h.Binds ?? []).toEqual([]);
    } finally {
      await client.remove(id, AbortSignal.timeout(10_000));
    }
  });
});
