// Attack: blind the memory watchdog. The runner polls the sandbox's memory through a descriptor it keeps
// open in this process; close it and open a file of one's own, and the kernel hands out the same number,
// so the watchdog reads the user's figure ("x": never over the limit, and any peak the user likes) while
// memory grows past memoryLimit (under the container's own limit, which is memoryLimit plus headroom).
// Cites: hardening review, class 1: the runner's descriptors (Node's permission model checks paths, never
// descriptors: nodejs.org/api/permissions.html).
// expect: MEMORY_LIMIT
// limits: {"enableFileSystem": true, "memoryLimit": 256, "timeLimit": 20}
const fs = require('fs');
const mine = new Set();
let hijacked = 0;
for (let fd = 3; fd < 64; fd++) {
  if (mine.has(fd)) continue;
  try {
    if (!fs.fstatSync(fd).isFile()) continue;
    fs.closeSync(fd);
    const own = fs.openSync(`/tmp/figure-${fd}`, 'w+');
    fs.writeSync(own, 'x', 0);
    mine.add(own);
    if (own === fd) hijacked++;
  } catch {}
}
// 256 MB of Buffers: over the 256 MB limit with the runner's own, under the container's 320 MB.
const keep = [];
for (let i = 0; i < 32; i++) keep.push(Buffer.alloc(8 * 1024 * 1024, 1));
return { hijacked, rssMb: Math.round(process.memoryUsage().rss / 1048576) };
