// Attack: block the thread in native code (Atomics.wait on a value nothing changes), where no
// JavaScript-level interrupt can reach it.
// Cites: Node.js worker_threads/vm timeouts do not interrupt Atomics.wait.
// expect: TIMEOUT
// limits: {"timeLimit": 1}
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
