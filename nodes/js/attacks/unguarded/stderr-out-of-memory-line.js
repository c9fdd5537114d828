// Guard off: write V8's out-of-memory line to stderr and leave without a frame, as code that reached the
// runner's descriptors could. The service once read that line as MEMORY_LIMIT (576 MB reported for a run
// of 14 MB). Only the runner's keyed frame, or what Docker itself saw (the cgroup's OOM kill, the exit
// signal), decides an outcome: a sandbox that ends with neither is reported as failed, never as the
// user's memory violation.
// Cites: hardening review, class 2 (what reaches stdout and stderr decides the outcome).
// expect: SANDBOX_FAILED
require('fs').writeSync(2, '\n<--- Last few GCs --->\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n');
process.exit(0);
