// The fs user code gets: it refuses every descriptor it did not open (the runner's stdio, the memory source,
// libuv's own), by every function and option that takes one, and only genuine FileHandles; what it opened
// works as Node's fs does. Each case runs in a fresh worker thread, whose fs the guard patches.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { inWorker } from './support/inWorker.mjs';

const require = createRequire(import.meta.url);
const { DESCRIPTOR_FIRST, PATH_OR_DESCRIPTOR } = require('../lib/worker/fsGuard.js');

/** `body` runs after both guards, with fs, a scratch directory `dir` and `code(f)` (the error code f throws, or 'done'). */
const guarded = (body) =>
  inWorker(`
    const fs = require('node:fs');
    const { guardFileSystem, guardFileHandles } = require(lib + 'worker/fsGuard.js');
    const rawOpenSync = fs.openSync;
    const rawCloseSync = fs.closeSync;
    guardFileSystem();
    await guardFileHandles();
    const dir = fs.mkdtempSync(require('node:os').tmpdir() + '/edgeql-fs-guard-');
    const code = (f) => { try { f(); return 'done'; } catch (e) { return e.code ?? e.name; } };
    const viaCallback = (f) => new Promise((resolve) => f((e) => resolve(e ? e.code : 'done')));
    const viaPromise = (f) => Promise.resolve().then(f).then(() => 'done', (e) => e.code ?? e.name);
    ${body}`);

describe('descriptors it did not open', () => {
  it('are refused with EBADF by the sync functions, for stdin, stdout, stderr and any other', async () => {
    const result = await guarded(`
      const out = {};
      for (const fd of [0, 1, 2, 3, 10]) {
        out[fd] = [
          code(() => fs.fstatSync(fd)),
          code(() => fs.readSync(fd, Buffer.alloc(1))),
          code(() => fs.writeSync(fd, 'x')),
          code(() => fs.readFileSync(fd)),
          code(() => fs.writeFileSync(fd, 'x')),
          code(() => fs.appendFileSync(fd, 'x')),
          code(() => fs.closeSync(fd)),
        ];
      }
      return out;`);
    for (const codes of Object.values(result)) expect(codes).toEqual(Array(7).fill('EBADF'));
  });

  it('are refused through the callback, later, by the callback functions', async () => {
    const result = await guarded(`
      let sync = true;
      const later = (f) => viaCallback((done) => f((e) => { done(sync ? { code: 'called at once' } : e); }));
      const all = Promise.all([
        later((cb) => fs.fstat(1, cb)),
        later((cb) => fs.read(0, Buffer.alloc(1), 0, 1, null, cb)),
        later((cb) => fs.write(1, 'x', cb)),
        later((cb) => fs.readFile(0, cb)),
        later((cb) => fs.writeFile(1, 'x', cb)),
        later((cb) => fs.appendFile(2, 'x', cb)),
        later((cb) => fs.close(1, cb)),
        later((cb) => fs.fsync(1, cb)),
      ]);
      sync = false;
      return await all;`);
    expect(result).toEqual(Array(8).fill('EBADF'));
  });

  it('are refused to a stream given them as `fd`', async () => {
    const result = await guarded(`
      const errorOf = (stream) => new Promise((resolve) => stream.on('error', (e) => resolve(e.code)));
      const writing = fs.createWriteStream(null, { fd: 1 });
      const written = errorOf(writing);
      writing.write('x');
      return [await written, await errorOf(fs.createReadStream(null, { fd: 0 }).resume())];`);
    expect(result).toEqual(['EBADF', 'EBADF']);
  });

  it('include one it opened and closed, and one closed behind its back and handed out again', async () => {
    const result = await guarded(`
      const fd = fs.openSync(dir + '/a', 'w');
      fs.closeSync(fd);
      const closedThenUsed = code(() => fs.fstatSync(fd));
      const mine = fs.openSync(dir + '/b', 'w');
      rawCloseSync(mine);
      const other = rawOpenSync(dir + '/c', 'w');
      return [closedThenUsed, other === mine, code(() => fs.writeSync(mine, 'x'))];`);
    expect(result).toEqual(['EBADF', true, 'EBADF']);
  });

  it('stay refused: the guarded functions are fixed on the module', async () => {
    const result = await guarded(`
      const before = fs.writeSync;
      const assigned = code(() => { 'use strict'; fs.writeSync = () => 1; });
      return [assigned, fs.writeSync === before, code(() => fs.writeSync(1, 'x'))];`);
    expect(result).toEqual(['TypeError', true, 'EBADF']);
  });
});

describe('descriptors it opened', () => {
  it('work through the sync, callback and stream functions, and readFile given the number', async () => {
    const result = await guarded(`
      const fd = fs.openSync(dir + '/own', 'w+');
      fs.writeSync(fd, 'hello');
      fs.fsyncSync(fd);
      const size = fs.fstatSync(fd).size;
      const read = Buffer.alloc(5);
      fs.readSync(fd, read, 0, 5, 0);
      const viaNumber = fs.readFileSync(fd, 'utf8');
      fs.ftruncateSync(fd, 2);
      await viaCallback((cb) => fs.write(fd, 'XY', 2, cb));
      await viaCallback((cb) => fs.close(fd, cb));
      await viaCallback((cb) => fs.writeFile(dir + '/cb', 'cb', cb));
      const fromStream = await new Promise((resolve, reject) => {
        const w = fs.createWriteStream(dir + '/stream');
        w.end('streamed', () => fs.createReadStream(dir + '/stream', 'utf8').on('data', resolve).on('error', reject));
      });
      const streamFd = fs.openSync(dir + '/stream', 'r');
      const fromOwnFd = await new Promise((resolve) => fs.createReadStream(null, { fd: streamFd, encoding: 'utf8' }).on('data', resolve));
      return [size, read.toString(), viaNumber, fs.readFileSync(dir + '/own', 'utf8'), fs.readFileSync(dir + '/cb', 'utf8'), fromStream, fromOwnFd];`);
    expect(result).toEqual([5, 'hello', '', 'heXY', 'cb', 'streamed', 'streamed']);
  });

  it('exhaust at the descriptor limit and come back when closed', async () => {
    const result = await guarded(`
      const fds = [];
      let stoppedBy = null;
      while (stoppedBy === null && fds.length < 100000) {
        try { fds.push(fs.openSync(dir + '/many', 'a')); } catch (e) { stoppedBy = e.code; }
      }
      for (const fd of fds) fs.closeSync(fd);
      const again = fs.openSync(dir + '/many', 'r');
      fs.closeSync(again);
      return [stoppedBy, fds.length > 10];`);
    expect(result).toEqual(['EMFILE', true]);
  });
});

describe('FileHandles', () => {
  it('work as Node’s: methods, readFile and writeFile with one or a path, streams, lines, web streams, flush', async () => {
    const result = await guarded(`
      await fs.promises.writeFile(dir + '/p', 'one\\ntwo', { flush: true });
      const handle = await fs.promises.open(dir + '/p', 'r');
      const viaMethod = await handle.readFile('utf8');
      const size = (await handle.stat()).size;
      await handle.close();
      const again = await fs.promises.open(dir + '/p', 'r');
      const viaFunction = await fs.promises.readFile(again, 'utf8');
      await again.close();
      const viaUrl = await fs.promises.readFile(new URL('file://' + dir + '/p'), 'utf8');
      const viaBuffer = await fs.promises.readFile(Buffer.from(dir + '/p'), 'utf8');
      const streamed = await new Promise(async (resolve) => (await fs.promises.open(dir + '/p')).createReadStream({ encoding: 'utf8' }).on('data', resolve));
      const lines = [];
      for await (const line of (await fs.promises.open(dir + '/p')).readLines()) lines.push(line);
      const web = await (await fs.promises.open(dir + '/p')).readableWebStream().getReader().read();
      const writer = await fs.promises.open(dir + '/w', 'w');
      await writer.write('w');
      await fs.promises.appendFile(writer, '!');
      await writer.close();
      return [viaMethod, size, viaFunction, viaUrl, viaBuffer, streamed, lines, Buffer.from(web.value).toString(), fs.readFileSync(dir + '/w', 'utf8')];`);
    expect(result).toEqual(['one\ntwo', 7, 'one\ntwo', 'one\ntwo', 'one\ntwo', 'one\ntwo', ['one', 'two'], 'one\ntwo', 'w!']);
  });

  it('keep their descriptor: it cannot be rewritten or shadowed', async () => {
    const result = await guarded(`
      const handle = await fs.promises.open(dir + '/k', 'w');
      const kFd = Object.getOwnPropertySymbols(handle).find((s) => s.description === 'kFd');
      const fd = handle.fd;
      const rewritten = code(() => { handle[kFd] = 1; });
      const shadowed = code(() => Object.defineProperty(handle, 'fd', { value: 1 }));
      await handle.write('kept');
      await handle.close();
      return [rewritten, shadowed, handle.fd, fd > 2, fs.readFileSync(dir + '/k', 'utf8')];`);
    expect(result).toEqual(['TypeError', 'TypeError', -1, true, 'kept']);
  });

  it('made on FileHandle.prototype are refused by its methods, fs.promises and streams', async () => {
    const result = await guarded(`
      const handle = await fs.promises.open(dir + '/f', 'w');
      const proto = Object.getPrototypeOf(handle);
      const kFd = Object.getOwnPropertySymbols(handle).find((s) => s.description === 'kFd');
      const shaped = Object.create(proto);
      Object.defineProperty(shaped, 'fd', { value: 1 });
      const assigned = Object.create(proto);
      assigned[kFd] = 1;
      const stream = code(() => fs.createWriteStream(null, { fd: shaped }).write('x'));
      const pending = fs.promises.readFile(shaped);
      pending.catch(() => {});
      return [
        pending instanceof Promise,
        await viaPromise(() => shaped.write('x')),
        await viaPromise(() => assigned.write('x')),
        await viaPromise(() => proto.stat.call(shaped)),
        await viaPromise(() => fs.promises.writeFile(shaped, 'x')),
        await viaPromise(() => fs.promises.readFile(shaped)),
        stream,
      ];`);
    expect(result).toEqual([true, 'EBADF', 'EBADF', 'EBADF', 'ERR_INVALID_ARG_TYPE', 'ERR_INVALID_ARG_TYPE', 'EBADF']);
  });

  it('come only from fs.promises.open: neither FileHandle nor its native handle constructs', async () => {
    const result = await guarded(`
      const handle = await fs.promises.open(dir + '/c', 'w');
      const kHandle = Object.getOwnPropertySymbols(handle).find((s) => s.description === 'kHandle');
      const native = handle[kHandle];
      const answers = [typeof handle.constructor, handle instanceof handle.constructor];
      return [
        ...answers,
        code(() => new handle.constructor({ fd: 1, close() {}, getAsyncId: () => 1 })),
        code(() => new native.constructor(1)),
        code(() => Reflect.construct(Object.getPrototypeOf(native).constructor, [1])),
      ];`);
    expect(result).toEqual(['function', true, 'ERR_ILLEGAL_CONSTRUCTOR', 'ERR_ILLEGAL_CONSTRUCTOR', 'ERR_ILLEGAL_CONSTRUCTOR']);
  });
});

describe('the list of guarded functions', () => {
  // A newer Node may add a function that takes a descriptor: it must be on a list here before the sandbox
  // runs on it. The names come from the parameters of this Node's own fs functions, unguarded.
  it('holds every fs function whose first parameter is a descriptor', async () => {
    const takingFd = await inWorker(`
      const fs = require('node:fs');
      return Object.keys(fs).filter((name) => {
        const value = fs[name];
        return typeof value === 'function' && /^(?:async\\s+)?function\\s*[\\w$]*\\s*\\(\\s*fd\\b/.test(Function.prototype.toString.call(value));
      });`);
    const guardedNames = [...DESCRIPTOR_FIRST, ...PATH_OR_DESCRIPTOR].flatMap((name) => [name, `${name}Sync`]).concat('close', 'closeSync');
    expect(takingFd.length).toBeGreaterThan(20);
    expect(takingFd.filter((name) => !guardedNames.includes(name))).toEqual([]);
  });
});
