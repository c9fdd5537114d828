// Attack: the runner's stdio through the network modules, with networking on: a socket made of
// descriptor 1 (net.Socket's `fd`, and http.request's, which it passes on), a server listening on
// descriptor 0, net's server-handle helper, a TCP handle's own open() (the class is a walk away from any
// socket), and http2's respondWithFD, which sends whatever a descriptor reads.
// Cites: hardening review, class 1: the runner's descriptors (net.Socket `fd`: nodejs.org/api/net.html;
// http2 respondWithFD: nodejs.org/api/http2.html).
// expect: result
// result: {"socket": "EBADF", "request": "EBADF", "listen": "EBADF", "serverHandle": -9, "tcpHandle": -9, "respondWithFD": "EBADF"}
// limits: {"enableNetworking": true}
const net = require('net');
const http = require('http');
const http2 = require('http2');
const outcome = (f) => {
  try {
    f();
    return 'opened';
  } catch (e) {
    return e.code ?? e.name;
  }
};
const probe = new net.Socket();
probe.connect({ port: 9, host: '127.0.0.1' });
const TCP = probe._handle.constructor;
probe.destroy();
const listen = await new Promise((resolve) => {
  try {
    net.createServer().on('error', (e) => resolve(e.code)).listen({ fd: 0 }, () => resolve('listening'));
  } catch (e) {
    resolve(e.code ?? e.name);
  }
});
const serverHandle = net._createServerHandle(null, -1, -1, 1);
const respondWithFD = await new Promise((resolve) => {
  const server = http2.createServer();
  server.on('stream', (stream) => {
    try {
      stream.respondWithFD(0);
      resolve('responded');
    } catch (e) {
      resolve(e.code ?? e.name);
    }
  });
  server.listen(0, '127.0.0.1', () => {
    const client = http2.connect(`http://127.0.0.1:${server.address().port}`);
    client.on('error', () => {});
    client.request({ ':path': '/' }).on('error', () => {}).end();
  });
});
return {
  socket: outcome(() => new net.Socket({ fd: 1, readable: false, writable: true }).write('x')),
  request: outcome(() => http.request({ fd: 1, host: '127.0.0.1', port: 9 }).on('error', () => {})),
  listen,
  serverHandle: typeof serverHandle === 'number' ? serverHandle : 'opened',
  tcpHandle: new TCP(0).open(1),
  respondWithFD,
};
