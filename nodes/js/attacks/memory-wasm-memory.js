// Attack: WebAssembly.Memory needs no compilation; grow it page by page outside the JS heap.
// Cites: WebAssembly JS API (Memory.grow); memory outside the V8 heap limit.
// expect: MEMORY_LIMIT
// limits: {"timeLimit": 20, "memoryLimit": 96}
const keep = [];
for (;;) {
  const memory = new WebAssembly.Memory({ initial: 128, maximum: 128 });
  new Uint8Array(memory.buffer).fill(1);
  keep.push(memory);
}
