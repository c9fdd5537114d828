// Attack: open files until the process has no descriptors left, so the runner cannot write its result.
// Cites: CWE-774 (allocation of file descriptors without limits).
// expect: result
// result: {"stoppedBy": "EMFILE", "belowHardLimit": true}
// limits: {"enableFileSystem": true}
const fs = require('fs');
const fds = [];
let stoppedBy = null;
while (stoppedBy === null) {
  try { fds.push(fs.openSync('/tmp/fd', 'a')); } catch (e) { stoppedBy = e.code; }
}
for (const fd of fds) fs.closeSync(fd);
return { stoppedBy, belowHardLimit: fds.length < 200 };
