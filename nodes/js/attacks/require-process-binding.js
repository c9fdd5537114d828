// Attack: process.binding('spawn_sync'), Node's internal binding that spawns processes without
// child_process.
// Cites: vm2 issue reports on process.binding; Node.js DEP0111.
// expect: PROCESS_CONTROL
// details: {"call": "process.binding()"}
return process.binding('spawn_sync').spawn({ file: '/bin/sh', args: ['sh', '-c', 'id'] });
