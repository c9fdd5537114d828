// Attack: a thread flood: worker threads until the process cannot create more.
// Cites: CWE-400; Node.js worker_threads documentation (each worker is an OS thread and a V8 isolate).
// expect: RESTRICTED_MODULE
// details: {"module": "worker_threads"}
const { Worker } = require('worker_threads');
for (;;) new Worker('for(;;){}', { eval: true });
