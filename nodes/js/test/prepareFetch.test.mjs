// fetch's parser is compiled before the host realm's WebAssembly is locked, and fetch needs no compiler
// after that: it keeps working with every WebAssembly entry point refused. In a fresh worker thread, whose
// realm the lock changes.
import { describe, expect, it } from 'vitest';
import { inWorker } from './support/inWorker.mjs';

describe('compileFetchParser', () => {
  it('leaves fetch working once WebAssembly is locked, and nothing else compiling', async () => {
    const result = await inWorker(`
      const http = require('node:http');
      const { compileFetchParser } = require(lib + 'worker/prepareFetch.js');
      const { lockCodeGeneration } = require(lib + 'worker/realmLocks.js');
      await compileFetchParser();
      const reported = [];
      lockCodeGeneration((construct) => { reported.push(construct); return new Error(construct); }, { constructors: false, wasm: true });
      const server = http.createServer((_req, res) => res.end('pong'));
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      const body = await (await fetch('http://127.0.0.1:' + server.address().port + '/')).text();
      server.close();
      const empty = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
      const refused = [];
      for (const attempt of [() => new WebAssembly.Module(empty), () => WebAssembly.compile(empty), () => WebAssembly.instantiate(empty)]) {
        try { await attempt(); refused.push('compiled'); } catch { refused.push('refused'); }
      }
      return [body, reported.length, refused];`);
    expect(result).toEqual(['pong', 3, ['refused', 'refused', 'refused']]);
  });
});
