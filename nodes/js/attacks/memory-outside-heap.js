// Attack: memory the V8 heap limit does not see: Buffers, ArrayBuffers and SharedArrayBuffers.
// Cites: Node.js documentation (Buffer memory is allocated outside the V8 heap; worker resourceLimits do
// not cover it).
// expect: MEMORY_LIMIT
// limits: {"timeLimit": 20, "memoryLimit": 96}
const keep = [];
for (let i = 0; ; i++) {
  const n = 8 * 1024 * 1024;
  keep.push(i % 3 === 0 ? Buffer.alloc(n, 1) : i % 3 === 1 ? new Uint8Array(new ArrayBuffer(n)).fill(1) : new Uint8Array(new SharedArrayBuffer(n)).fill(1));
}
