// The real runner against code that tries to leave the sandbox: dynamic code, modules, process control,
// and the host-realm routes around the vm context. Each attempt must end in its exact violation.
import { once } from 'node:events';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { resultOf, violationOf } from './support/outcomes.mjs';

const require = createRequire(import.meta.url);
const { job } = require('./support/runner.js');

describe('dynamic code', () => {
  it.each([
    ['direct eval', "return eval('1 + 1');", 'eval()'],
    ['indirect eval', "return (0, eval)('1 + 1');", 'eval()'],
    ['globalThis.eval', "return globalThis.eval('1');", 'eval()'],
    ['this.constructor.constructor', "return this.constructor.constructor('return process')();", 'Function constructor'],
    [
      'a function’s constructor',
      "return (function () { return this; }).constructor.constructor('return process')();",
      'Function constructor',
    ],
    ['Function()', "return Function('return 1')();", 'Function constructor'],
    ['new Function()', "return new Function('return 1')();", 'Function constructor'],
    ['the async function constructor', "return (async () => {}).constructor('return 1');", 'AsyncFunction constructor'],
    ['the generator function constructor', "return (function* () {}).constructor('yield 1');", 'GeneratorFunction constructor'],
    [
      'the async generator function constructor',
      "return (async function* () {}).constructor('yield 1');",
      'AsyncGeneratorFunction constructor',
    ],
    [
      'a host object’s Function constructor',
      "return require('lodash').constructor.constructor('return process')();",
      'Function constructor',
    ],
    ['a Buffer’s Function constructor', "return Buffer.constructor('return process')();", 'Function constructor'],
    ['a string setTimeout', "setTimeout('1 + 1', 1); return 1;", 'string timers'],
    ['a string setInterval', "setInterval('1 + 1', 1); return 1;", 'string timers'],
    ['WebAssembly.compile', 'return WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));', 'WebAssembly compilation'],
    ['new WebAssembly.Module', 'return new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));', 'WebAssembly compilation'],
  ])('%s is DYNAMIC_CODE', async (_name, code, construct) => {
    const { error } = await violationOf(job({ code }));
    expect(error).toEqual({
      type: 'DYNAMIC_CODE',
      message: `DYNAMIC_CODE: Dynamic code execution via ${construct} is not allowed`,
      details: { construct },
    });
  });

  it.each([
    ['eval', "try { eval('1'); } catch {} return 'got away';", 'eval()'],
    ['the Function constructor', "try { Function('return 1')(); } catch {} return 'got away';", 'Function constructor'],
    [
      'a host Function constructor',
      "try { require('lodash').constructor.constructor('1')(); } catch {} return 'got away';",
      'Function constructor',
    ],
  ])('a swallowed attempt through %s is still DYNAMIC_CODE', async (_name, code, construct) => {
    const { error } = await violationOf(job({ code }));
    expect(error.details).toEqual({ construct });
  });

  // The async, generator and async generator constructors inherit from %Function%: their stand-ins lead
  // to Function's stand-in, never to the real one, whose refusal (V8's EvalError) no guard would see.
  it.each([
    ['the async function constructor', 'Object.getPrototypeOf((async () => {}).constructor)'],
    ['the generator function constructor', 'Object.getPrototypeOf(function* () {}.constructor)'],
    ['the async generator function constructor', 'Object.getPrototypeOf(async function* () {}.constructor)'],
    ['a host async function’s constructor', "Object.getPrototypeOf(require('events').once.constructor)"],
  ])('the real Function behind the stand-in of %s is not reached: DYNAMIC_CODE, swallowed or not', async (_name, route) => {
    for (const code of [`return ${route}('return 1')();`, `try { ${route}('return 1')(); } catch {} return 'got away';`]) {
      const { error } = await violationOf(job({ code }));
      expect(error).toEqual({
        type: 'DYNAMIC_CODE',
        message: 'DYNAMIC_CODE: Dynamic code execution via Function constructor is not allowed',
        details: { construct: 'Function constructor' },
      });
    }
  });

  it('a thrown value shaped like V8’s refusal is the RUNTIME_ERROR it is, not DYNAMIC_CODE', async () => {
    const code = "throw { name: 'EvalError', message: 'Code generation from strings disallowed for this context' };";
    const { error } = await violationOf(job({ code }));
    expect(error.message).toBe('RUNTIME_ERROR: EvalError: Code generation from strings disallowed for this context');
  });

  it('keeps functions, classes, async code and JSON working', async () => {
    const code = `
      class Point { constructor(x) { this.x = x; } }
      const double = async (n) => n * 2;
      function* count() { yield 1; yield 2; }
      return { x: new Point(3).x, d: await double(4), c: [...count()], j: JSON.parse('{"a":1}'), f: (() => {}) instanceof Function };`;
    const { value } = await resultOf(job({ code }));
    expect(value).toEqual({ x: 3, d: 8, c: [1, 2], j: { a: 1 }, f: true });
  });
});

describe('modules', () => {
  it.each([
    'fs',
    'node:fs',
    'fs/promises',
    'http',
    'node:https',
    'net',
    'child_process',
    'worker_threads',
    'vm',
    'process',
    '_http_client',
    './local',
    '/etc/passwd',
  ])('%s is RESTRICTED_MODULE by default', async (name) => {
    const { error } = await violationOf(job({ code: `require(${JSON.stringify(name)}); return 1;` }));
    const module = name.replace(/^node:/, '');
    expect(error).toEqual({
      type: 'RESTRICTED_MODULE',
      message: `RESTRICTED_MODULE: Access to module '${module}' is not allowed in sandbox`,
      details: { module },
    });
  });

  it.each(['fs', 'node:fs', 'fs/promises'])('%s loads with enableFileSystem', async (name) => {
    const code = `const fs = require(${JSON.stringify(name)}); return typeof fs.readFile;`;
    const { value } = await resultOf(job({ code, limits: { enableFileSystem: true } }));
    expect(value).toBe('function');
  });

  it('crypto outside allowedModules is UNAUTHORIZED_MODULE', async () => {
    const { error } = await violationOf(job({ code: "return require('crypto').randomUUID();", limits: { allowedModules: ['lodash'] } }));
    expect(error).toEqual({
      type: 'UNAUTHORIZED_MODULE',
      message: "UNAUTHORIZED_MODULE: Module 'crypto' not in allowed modules list",
      details: { module: 'crypto', allowedModules: ['lodash'] },
    });
  });

  it('fetch without networking is RESTRICTED_MODULE for "fetch"', async () => {
    const { error } = await violationOf(job({ code: "try { await fetch('http://example.com'); } catch {} return 1;" }));
    expect(error.message).toBe("RESTRICTED_MODULE: Access to module 'fetch' is not allowed in sandbox");
  });

  it('a missing package is a RUNTIME_ERROR naming only the package', async () => {
    const { error } = await violationOf(job({ code: "require('left-pad-nowhere');" }));
    expect(error.message).toBe("RUNTIME_ERROR: Error: Cannot find module 'left-pad-nowhere'");
  });

  it('import() is refused as a runtime error, not loaded', async () => {
    const { error } = await violationOf(job({ code: "const fs = await import('fs'); return typeof fs.readFileSync;" }));
    expect(error.type).toBe('RUNTIME_ERROR');
    expect(error.message).toMatch(/dynamic import callback was not specified/);
  });
});

describe('with enableNetworking', () => {
  it('fetch, Headers and http work, with the host realm still hardened', async () => {
    const server = createServer((_req, res) => res.end('pong')).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${server.address().port}/`;
    const code = `
      const viaFetch = await (await fetch(${JSON.stringify(url)}, { headers: new Headers({ 'x-a': '1' }) })).text();
      const viaHttp = await new Promise((resolve, reject) => {
        require('http').get(${JSON.stringify(url)}, (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk)).on('end', () => resolve(body));
        }).on('error', reject);
      });
      return [viaFetch, viaHttp];`;
    try {
      const { value } = await resultOf(job({ code, limits: { enableNetworking: true } }));
      expect(value).toEqual(['pong', 'pong']);
    } finally {
      server.close();
    }
  });

  it('still refuses the Function constructor reached through fetch', async () => {
    const { error } = await violationOf(job({ code: "return fetch.constructor('return 1')();", limits: { enableNetworking: true } }));
    expect(error.details).toEqual({ construct: 'Function constructor' });
  });
});

describe('process', () => {
  it.each(['exit(0)', 'kill(1)', 'abort()', 'chdir("/")', 'binding("fs")', 'dlopen({}, "x")', 'setuid(0)', 'umask(0)'])(
    'process.%s is PROCESS_CONTROL',
    async (call) => {
      const name = call.slice(0, call.indexOf('('));
      const { error } = await violationOf(job({ code: `process.${call}; return 1;` }));
      expect(error).toEqual({
        type: 'PROCESS_CONTROL',
        message: `PROCESS_CONTROL: process.${name}() is not allowed in sandbox`,
        details: { call: `process.${name}()` },
      });
    },
  );

  it('is a harmless facade with an empty environment', async () => {
    const code = `
      const ticks = [];
      process.nextTick(() => ticks.push('tick'));
      await null;
      return {
        env: process.env, envKeys: Object.keys(process.env).length, argv: process.argv, cwd: process.cwd(),
        platform: process.platform === require('os').platform(), node: process.version.startsWith('v'),
        hrtime: process.hrtime().length, bigint: typeof process.hrtime.bigint(), heap: process.memoryUsage().heapUsed > 0,
        ticks, stdout: typeof process.stdout, getBuiltinModule: typeof process.getBuiltinModule,
      };`;
    const { value } = await resultOf(job({ code, params: {} }));
    expect(value).toEqual({
      env: {},
      envKeys: 0,
      argv: [],
      cwd: '/sandbox',
      platform: true,
      node: true,
      hrtime: 2,
      bigint: 'bigint',
      heap: true,
      ticks: ['tick'],
      stdout: 'undefined',
      getBuiltinModule: 'undefined',
    });
  });
});

describe('the host realm behind the host objects', () => {
  it('a sloppy host function’s `this` gives the sandbox’s process, not the real one', async () => {
    const code = `
      const hostGlobal = require('lodash').mixin.call(undefined, {});
      return { env: hostGlobal.process.env, cwd: hostGlobal.process.cwd(), stdout: typeof hostGlobal.process.stdout };`;
    const { value } = await resultOf(job({ code }));
    expect(value).toEqual({ env: {}, cwd: '/sandbox', stdout: 'undefined' });
  });

  it('process.binding through the host global is still PROCESS_CONTROL', async () => {
    const code = "require('lodash').mixin.call(undefined, {}).process.binding('spawn_sync');";
    const { error } = await violationOf(job({ code }));
    expect(error.message).toBe('PROCESS_CONTROL: process.binding() is not allowed in sandbox');
  });

  it.each([false, true])('WebAssembly through the host global is DYNAMIC_CODE, networking %s', async (enableNetworking) => {
    const code = "return require('lodash').mixin.call(undefined, {}).WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));";
    const { error } = await violationOf(job({ code, limits: { enableNetworking } }));
    expect(error.details).toEqual({ construct: 'WebAssembly compilation' });
  });

  it('Error.prepareStackTrace cannot collect the receivers of host frames', async () => {
    // Unhardened, this returns the host global, whose process has the real binding().
    const code = `
      const _ = require('lodash');
      let HostError;
      try { Buffer.alloc(-1); } catch (e) { HostError = Object.getPrototypeOf(e.constructor); }
      const collect = (e, frames) => frames.map((f) => f.getThis());
      Error.prepareStackTrace = collect;
      HostError.prepareStackTrace = collect;
      try { globalThis.Error = { prepareStackTrace: collect }; } catch {}
      const fromContext = _.map([1], () => new Error('x').stack)[0];
      const fromHost = _.map([1], () => { try { Buffer.alloc(-1); } catch (e) { return e.stack; } })[0];
      return [typeof fromContext, typeof fromHost];`;
    const { value } = await resultOf(job({ code }));
    expect(value).toEqual(['string', 'string']);
  });
});

describe('the host realm, frozen before user code runs', () => {
  const HOST_OBJECT_PROTO = 'Object.getPrototypeOf(Object.getPrototypeOf(Object.getPrototypeOf(Buffer.prototype)))';
  it.each([
    ['a getter on the host Object.prototype', `Object.defineProperty(${HOST_OBJECT_PROTO}, 'noDeprecation', { get() { return this; } });`],
    ['a new property on the host Object.prototype', `${HOST_OBJECT_PROTO}.polluted = 1;`],
    ['a replaced EventEmitter.prototype.emit', "require('events').prototype.emit = function () {};"],
    ['a replaced stream method', "require('stream').Writable.prototype.write = function () {};"],
    ['a replaced Buffer method', 'Buffer.prototype.toString = function () {};'],
    ['a replaced timer handle method', 'Object.getPrototypeOf(setTimeout(() => {}, 1)).refresh = function () {};'],
  ])('refuses %s', async (_name, code) => {
    const { error } = await violationOf(job({ code: `'use strict'; ${code} return 'planted';` }));
    expect(error.type).toBe('RUNTIME_ERROR');
    expect(error.details.name).toBe('TypeError');
  });

  it('still lets Node and the packages work: streams with options, emitters, lodash, moment, crypto, util', async () => {
    const { value } = await resultOf(
      job({
        code: `
        const { Transform, Readable } = require('stream');
        const EventEmitter = require('events');
        class Counter extends EventEmitter {}
        const counter = new Counter();
        let heard = 0;
        counter.on('tick', () => heard++);
        counter.emit('tick');
        const upper = new Transform({ transform(chunk, _enc, done) { done(null, String(chunk).toUpperCase()); } });
        const chunks = [];
        for await (const c of Readable.from(['a', 'b']).pipe(upper)) chunks.push(String(c));
        const _ = require('lodash');
        return [heard, chunks.join(''), _.sortBy([3, 1, 2]), require('moment').utc(0).format('YYYY'),
          require('crypto').createHash('sha1').update('x').digest('hex').slice(0, 6), require('util').inspect({ a: 1 })];`,
      }),
    );
    expect(value).toEqual([1, 'AB', [1, 2, 3], '1970', '11f6ad', '{ a: 1 }']);
  });
});
