// Guard off, no watchdog: allocate without end on the main thread; the memory cgroup kills the sandbox
// (OOMKilled), which the service reports as MEMORY_LIMIT.
// Cites: threat model: "limits enforced by the kernel (memory)"; memory outside the V8 heap.
// expect: MEMORY_LIMIT
// limits: {"memoryLimit": 64, "timeLimit": 20}
const keep = [];
for (;;) keep.push(Buffer.alloc(4 * 1024 * 1024, 1));
