// Guard off: a fork bomb with child_process: the pids cgroup stops it with EAGAIN long before the host
// notices, and the sandbox still answers.
// Cites: the classic fork bomb (piston tests/fork.py); threat model: "limits enforced by the kernel (pids)".
// expect: result
// result: {"stoppedBy": "EAGAIN", "belowPidsLimit": true}
// limits: {"timeLimit": 10}
const { spawn } = require('child_process');
const children = [];
let stoppedBy = null;
while (stoppedBy === null && children.length < 200) {
  try {
    const c = spawn('/usr/local/bin/node', ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
    const failed = await new Promise((resolve) => { c.once('error', (e) => resolve(e.code)); c.once('spawn', () => resolve(null)); });
    if (failed) stoppedBy = failed; else children.push(c);
  } catch (e) {
    stoppedBy = e.code;
  }
}
for (const c of children) c.kill('SIGKILL');
return { stoppedBy, belowPidsLimit: children.length < 50 };
