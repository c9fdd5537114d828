// Guard off: open descriptors until the kernel refuses: the hard limit of 200 holds even after raising
// the soft limit.
// Cites: threat model: "limits enforced by the kernel (nofile)"; CWE-774.
// expect: result
// result: {"stoppedBy": "EMFILE", "atMostHardLimit": true}
const fs = require('fs');
const fds = [];
let stoppedBy = null;
while (stoppedBy === null && fds.length < 1000) {
  try { fds.push(fs.openSync('/proc/self/status', 'r')); } catch (e) { stoppedBy = e.code; }
}
for (const fd of fds) fs.closeSync(fd);
return { stoppedBy, atMostHardLimit: fds.length <= 200 };
