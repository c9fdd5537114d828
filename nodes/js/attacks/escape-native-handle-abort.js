// Attack: call a native handle with arguments its C++ side only asserts: a zlib stream's _handle.writeSync
// with one argument instead of seven (Node 24 checks the buffer bounds Node 20 only asserted, not the
// count). Node aborts the whole runner (SIGABRT) before any frame; the service reports it as the node's
// own crash, not as a failure of the sandbox service.
// Cites: a finding of this project's own review; Node's src/node_zlib.cc (CHECKs on write arguments).
// expect: RUNTIME_ERROR
// message: ^RUNTIME_ERROR: Error: the node made Node abort \(SIGABRT\)
const deflate = require('zlib').createDeflate();
deflate._handle.writeSync(0);
return 'not reached';
