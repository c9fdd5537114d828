// Guard off: system calls our seccomp profile denies though Docker's default allows them, made through
// what Node exposes: setpriority(2) via os.setPriority, and the setuid family via process.setgid.
// Cites: threat model: "a seccomp profile of our own ... with a test showing a denied syscall".
// expect: result
// result: {"setpriority": "EPERM", "seccompMode": "2"}
let setpriority;
try { require('os').setPriority(19); setpriority = 'allowed'; } catch (e) { setpriority = e.info?.code ?? e.code; }
const status = require('fs').readFileSync('/proc/self/status', 'utf8');
return { setpriority, seccompMode: /Seccomp:\s+(\d)/.exec(status)[1] };
