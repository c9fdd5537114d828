// Guard off: try to become root or gain capabilities: setuid(0), the process status, writing the root
// file system, executing from /tmp, and the identity the kernel reports.
// Cites: threat model: "no privilege"; CVE-2022-0492 (cgroup release_agent escape needs CAP_SYS_ADMIN).
// expect: result
// result: {"setuid": "EPERM", "uid": 1001, "capEff": "0000000000000000", "capBnd": "0000000000000000", "noNewPrivs": "1", "seccomp": "2", "writes": ["EROFS", "EROFS", "EROFS", "EROFS"], "execFromTmp": "EACCES", "releaseAgent": "EACCES"}
const fs = require('fs');
const code = (f) => { try { f(); return 'ok'; } catch (e) { return e.code; } };
const status = Object.fromEntries(fs.readFileSync('/proc/self/status', 'utf8').split('\n').map((l) => l.split(':\t')));
fs.writeFileSync('/tmp/run-me', '#!/usr/local/bin/node\n', { mode: 0o755 });
return {
  setuid: code(() => process.setuid(0)),
  uid: process.getuid(),
  capEff: status.CapEff, capBnd: status.CapBnd, noNewPrivs: status.NoNewPrivs, seccomp: status.Seccomp,
  writes: ['/evil', '/etc/passwd', '/opt/edgeql/runner/SandboxRunner.js', '/usr/local/bin/node'].map((p) => code(() => fs.writeFileSync(p, 'x'))),
  execFromTmp: code(() => require('child_process').execFileSync('/tmp/run-me')),
  releaseAgent: code(() => fs.writeFileSync('/sys/fs/cgroup/release_agent', '/tmp/run-me')),
};
