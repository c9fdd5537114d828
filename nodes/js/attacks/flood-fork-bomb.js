// Attack: a fork bomb: child processes that start child processes, through child_process and cluster.
// Cites: the classic fork bomb (piston's exploit corpus tests/fork.py); CWE-400.
// expect: RESTRICTED_MODULE
// details: {"module": "cluster"}
try { require('cluster').fork(); } catch {}
const { spawn } = require('child_process');
for (;;) spawn(process.execPath, ['-e', 'for(;;)require("child_process").spawn(process.execPath,["-e",""])']);
