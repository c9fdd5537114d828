// Attack: a timer flood: millions of live intervals, each holding a closure, to starve the event loop
// and the heap.
// Cites: CWE-400 (uncontrolled resource consumption) through timers.
// expect: TIMEOUT|MEMORY_LIMIT
// limits: {"timeLimit": 2, "memoryLimit": 128}
for (let i = 0; ; i++) setInterval(() => new Array(64).fill(i), 1);
