// Attack: fill /tmp until the disk is full, hoping it is the host's disk.
// Cites: CWE-400; tmpfs size limits (the sandbox's /tmp is its own tmpfs).
// expect: result
// result: {"stoppedBy": "ENOSPC", "atMostTheTmpfs": true}
// limits: {"enableFileSystem": true, "timeLimit": 20}
const fs = require('fs');
const chunk = Buffer.alloc(1024 * 1024, 120);
let written = 0;
let stoppedBy = null;
for (let i = 0; stoppedBy === null; i++) {
  try { fs.writeFileSync(`/tmp/fill-${i}`, chunk); written += chunk.length; } catch (e) { stoppedBy = e.code; }
}
return { stoppedBy, atMostTheTmpfs: written <= 64 * 1024 * 1024 };
