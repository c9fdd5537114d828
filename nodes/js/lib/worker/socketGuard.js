'use strict';
// The network modules' ways to a raw descriptor, closed before user code runs with networking. Every
// option that makes a socket of a descriptor number (net.Socket's `fd`, net.Server#listen's `fd` or a
// `{ fd }` handle, dgram's bind `fd`, and what http, https and tls pass on to net) ends in one call, the
// native handle's open(fd): TCP's, Pipe's (a unix socket or a pipe, stdin and stdout among them) or
// UDP's. Those three refuse every number with EBADF, as if it were not open: a socket in the sandbox is
// made by connecting or listening, never from a number, and a handle's class is a walk away from any
// socket user code holds (`socket._handle.constructor`), so the refusal sits on the classes themselves.
// http2's respondWithFD sends whatever a descriptor reads: it takes only one the sandbox's fs opened, or a
// genuine FileHandle (lib/worker/fsGuard.js).

const { EBADF } = require('node:os').constants.errno;
const { ReflectApply } = require('./hostIntrinsics');
const { badDescriptor, isGenuineFileHandle, ownsDescriptor } = require('./fsGuard');

const { defineProperty, getOwnPropertySymbols, getPrototypeOf } = Object;

/** The error code a native handle's open returns for a descriptor that is not open. */
const UV_EBADF = -EBADF;

function lock(object, key, value) {
  defineProperty(object, key, { value, writable: false, enumerable: true, configurable: false });
}

/**
 * The native handle classes' prototypes, each taken from a handle Node makes without a system call: a
 * net.Socket makes its TCP or Pipe handle as connect() starts, before it checks the port or the path
 * (both invalid here, so it stops there); a dgram socket makes its UDP handle at once.
 */
function socketHandlePrototypes() {
  const net = require('node:net');
  const dgram = require('node:dgram');
  const handleOf = (connectOptions) => {
    const socket = new net.Socket();
    try {
      socket.connect(connectOptions);
    } catch {
      // the invalid port or path: the handle is made already
    }
    const handle = socket._handle;
    socket.destroy();
    return handle;
  };
  const tcp = handleOf({ port: -1 });
  const pipe = handleOf({ path: 1 });
  const udpSocket = dgram.createSocket('udp4');
  const state = getOwnPropertySymbols(udpSocket).find((symbol) => symbol.description === 'state symbol');
  const udp = state === undefined ? undefined : udpSocket[state]?.handle;
  udpSocket.close();
  const found = { TCP: tcp, Pipe: pipe, UDP: udp };
  for (const [name, handle] of Object.entries(found)) {
    if (typeof handle?.open !== 'function') throw new Error(`the sandbox cannot guard sockets: no ${name} handle with open() on this Node`);
  }
  return [getPrototypeOf(tcp), getPrototypeOf(pipe), getPrototypeOf(udp)];
}

/** TCP, Pipe and UDP handles open no descriptor number. */
function guardSocketHandles() {
  const refuseOpen = {
    open() {
      return UV_EBADF;
    },
  }.open;
  for (const proto of socketHandlePrototypes()) lock(proto, 'open', refuseOpen);
}

/** Two in-memory streams, each reading what the other writes. */
function duplexPair() {
  const { Duplex } = require('node:stream');
  const sides = [];
  const side = (other) =>
    new Duplex({
      read() {},
      write(chunk, _encoding, done) {
        sides[other].push(chunk);
        done();
      },
      final(done) {
        sides[other].push(null);
        done();
      },
    });
  sides.push(side(1), side(0));
  return sides;
}

/**
 * ServerHttp2Stream's prototype, which http2 exports no way to: from the one stream of an HTTP/2 session
 * between a client and a server in this worker, over a pair of in-memory streams.
 */
function serverHttp2StreamPrototype() {
  const http2 = require('node:http2');
  return new Promise((resolve, reject) => {
    const [clientSide, serverSide] = duplexPair();
    const server = http2.performServerHandshake(serverSide);
    const client = http2.connect('http://sandbox.invalid', { createConnection: () => clientSide });
    const done = (err, proto) => {
      client.destroy();
      server.destroy();
      if (err) reject(err);
      else resolve(proto);
    };
    server.once('stream', (stream) => done(null, getPrototypeOf(stream)));
    server.once('error', done);
    client.once('error', done);
    const request = client.request({ ':path': '/' });
    request.on('error', () => {});
    request.end();
  });
}

/** ServerHttp2Stream#respondWithFD takes only a descriptor the sandbox's fs opened or a genuine FileHandle. */
async function guardHttp2() {
  const proto = await serverHttp2StreamPrototype();
  const respondWithFD = proto.respondWithFD;
  if (typeof respondWithFD !== 'function') throw new Error('the sandbox cannot guard http2: no respondWithFD on this Node');
  lock(
    proto,
    'respondWithFD',
    {
      respondWithFD(fd, ...rest) {
        const allowed = typeof fd === 'number' ? ownsDescriptor(fd) : isGenuineFileHandle(fd);
        if (!allowed) throw badDescriptor('respondWithFD');
        return ReflectApply(respondWithFD, this, [fd, ...rest]);
      },
    }.respondWithFD,
  );
}

/** All of the above, for a job with networking, before user code runs. */
async function guardSockets() {
  guardSocketHandles();
  await guardHttp2();
}

module.exports = { guardSockets, guardSocketHandles, guardHttp2, UV_EBADF };
