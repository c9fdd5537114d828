// Attack: a system call Docker's default seccomp profile allows and Node exposes to user code through
// an ordinary module: setpriority(2), via os.setPriority (here harmless: lowering our own priority).
// Cites: threat model: "a seccomp profile of our own, tighter than Docker's default"; setpriority(2).
// expect: result
// result: {"code": "ERR_SYSTEM_ERROR", "syscall": "uv_os_setpriority", "errno": "EPERM"}
try {
  require('os').setPriority(19);
  return 'the syscall ran';
} catch (e) {
  return { code: e.code, syscall: e.info?.syscall, errno: e.info?.code };
}
