// Guard off, no watchdog: a busy loop; RLIMIT_CPU (SIGXCPU, then SIGKILL) or the service's own deadline
// ends it, which the service reports as TIMEOUT.
// Cites: threat model: "limits enforced by the kernel (CPU seconds)"; setrlimit(2) RLIMIT_CPU.
// expect: TIMEOUT
// limits: {"timeLimit": 1}
for (;;) {}
