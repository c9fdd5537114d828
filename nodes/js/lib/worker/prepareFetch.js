'use strict';
// fetch's HTTP/1 parser is WebAssembly (undici's llhttp), which undici compiles the first time it needs it
// from the host realm's WebAssembly: on Node 20 when undici loads, on Node 24 at its first HTTP/1
// connection. The sandbox promises no code compiled at run time, and user code reaches that realm's
// WebAssembly through the host global (lodash hands it out), so the realm's compilers are locked for
// every job (hardenHostRealm.js, finishHostRealm). For a job with networking, undici compiles its
// parser first: one fetch, before user code runs, from a server on this worker's own loopback, after
// which undici keeps the instance for every later request and calls WebAssembly no more.

/** Resolves once one fetch has been answered, its parser compiled and instantiated. */
async function compileFetchParser() {
  // Loaded only for a job with networking, as fetch itself is.
  const http = require('node:http');
  const server = http.createServer((_request, response) => {
    response.setHeader('connection', 'close');
    response.end();
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  try {
    const response = await fetch(`http://127.0.0.1:${server.address().port}/`);
    await response.arrayBuffer();
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

module.exports = { compileFetchParser };
