// With networking, no socket is made of a descriptor number: every option of net, http and dgram that
// takes one ends at a native handle's open(), which refuses; http2's respondWithFD takes only what the
// sandbox's fs opened. Sockets made by connecting and listening work as before. Each case runs in a fresh
// worker thread, whose classes the guard locks.
import { describe, expect, it } from 'vitest';
import { inWorker } from './support/inWorker.mjs';

const guarded = (body) =>
  inWorker(`
    const net = require('node:net');
    const { guardFileSystem, guardFileHandles } = require(lib + 'worker/fsGuard.js');
    const { guardSockets } = require(lib + 'worker/socketGuard.js');
    guardFileSystem();
    await guardFileHandles();
    await guardSockets();
    const code = (f) => { try { const v = f(); return typeof v === 'number' ? v : 'opened'; } catch (e) { return e.code ?? e.name; } };
    ${body}`);

describe('guardSockets', () => {
  it('refuses every way to make a socket of a descriptor number', async () => {
    const result = await guarded(`
      const http = require('node:http');
      const dgram = require('node:dgram');
      const handleOf = (options) => { const s = new net.Socket(); try { s.connect(options); } catch {} const h = s._handle; s.destroy(); return h; };
      const TCP = handleOf({ port: -1 }).constructor;
      const Pipe = handleOf({ path: 1 }).constructor;
      const udp = dgram.createSocket('udp4');
      const UDP = udp[Object.getOwnPropertySymbols(udp).find((s) => s.description === 'state symbol')].handle.constructor;
      udp.close();
      const listen = await new Promise((resolve) => {
        try { net.createServer().on('error', (e) => resolve(e.code)).listen({ fd: 1 }, () => resolve('listening')); }
        catch (e) { resolve(e.code ?? e.name); }
      });
      return {
        socket: code(() => new net.Socket({ fd: 1 })),
        request: code(() => http.request({ fd: 1, host: '127.0.0.1', port: 9 }).on('error', () => {})),
        listen,
        serverHandle: code(() => net._createServerHandle(null, -1, -1, 1)),
        tcp: new TCP(0).open(1),
        pipe: new Pipe(0).open(0),
        udp: new UDP().open(2),
        fixed: code(() => { 'use strict'; TCP.prototype.open = () => 0; }),
      };`);
    expect(result).toEqual({
      socket: 'EBADF',
      request: 'EBADF',
      listen: 'EBADF',
      serverHandle: -9,
      tcp: -9,
      pipe: -9,
      udp: -9,
      fixed: 'TypeError',
    });
  });

  it('leaves sockets made by listening and connecting working, and http with them', async () => {
    const result = await guarded(`
      const http = require('node:http');
      const server = http.createServer((_req, res) => res.end('pong'));
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      const body = await new Promise((resolve, reject) => {
        http.get('http://127.0.0.1:' + server.address().port + '/', (res) => {
          let text = '';
          res.on('data', (c) => (text += c)).on('end', () => resolve(text));
        }).on('error', reject);
      });
      server.close();
      return body;`);
    expect(result).toBe('pong');
  });

  it('lets http2 respond with a descriptor the sandbox’s fs opened, and with no other', async () => {
    const result = await guarded(`
      const fs = require('node:fs');
      const http2 = require('node:http2');
      const file = fs.mkdtempSync(require('node:os').tmpdir() + '/edgeql-h2-') + '/body';
      fs.writeFileSync(file, 'from a file');
      const own = fs.openSync(file, 'r');
      const server = http2.createServer();
      const refused = [];
      server.on('stream', (stream) => {
        for (const fd of [0, 1, 2]) { try { stream.respondWithFD(fd); } catch (e) { refused.push(e.code); } }
        stream.respondWithFD(own);
      });
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      const client = http2.connect('http://127.0.0.1:' + server.address().port);
      const body = await new Promise((resolve, reject) => {
        let text = '';
        client.request({ ':path': '/' }).on('data', (c) => (text += c)).on('end', () => resolve(text)).on('error', reject).end();
      });
      client.close();
      server.close();
      return [refused, body];`);
    expect(result).toEqual([['EBADF', 'EBADF', 'EBADF'], 'from a file']);
  });
});
