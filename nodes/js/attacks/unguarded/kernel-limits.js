// Guard off: read the limits the kernel holds the sandbox to, as the sandbox sees them.
// Cites: threat model: "limits enforced by the kernel (pids, memory, nofile, CPU seconds)".
// Node raises its soft open-files limit to the hard one at start, so both read 200.
// expect: result
// result: {"cpuSeconds": ["3", "4"], "openFiles": ["200", "200"], "pidsMax": "50", "memoryBytes": 201326592}
// limits: {"timeLimit": 1, "memoryLimit": 128}
const fs = require('fs');
const limits = fs.readFileSync('/proc/self/limits', 'utf8').split('\n');
const row = (name) => limits.find((l) => l.startsWith(name)).slice(26).trim().split(/\s+/).slice(0, 2);
const read = (...files) => { for (const f of files) { try { return fs.readFileSync(f, 'utf8').trim(); } catch {} } return null; };
return {
  cpuSeconds: row('Max cpu time'),
  openFiles: row('Max open files'),
  pidsMax: read('/sys/fs/cgroup/pids/pids.max', '/sys/fs/cgroup/pids.max'),
  memoryBytes: Number(read('/sys/fs/cgroup/memory/memory.limit_in_bytes', '/sys/fs/cgroup/memory.max')),
};
