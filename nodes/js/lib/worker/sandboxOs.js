'use strict';
// What the os module tells user code: the sandbox's figures, or nothing, never the host's. Node's answers
// come from the kernel, and most of them are the whole machine's, which a container does not change: the
// host's memory, CPUs (model, speed, and the time each spent busy), load, uptime and kernel build. The
// module is patched in place in this worker (a package that requires os gets the same answers), per
// function:
//
//   totalmem              the job's memory limit: what the sandbox may use before MEMORY_LIMIT
//   freemem               that limit less this process's resident memory, the figure the limit is held to
//                         where there is no memory cgroup
//   cpus                  an empty list, which is Node's own answer when it cannot tell: the sandbox's CPU
//                         share is a quota of the host's CPUs, and each entry would describe a host CPU
//   availableParallelism  1: user code runs on one thread, and can start no other (worker_threads and
//                         child_process are refused)
//   loadavg               [0, 0, 0]: the host's run queue otherwise; the kernel does not count it per container
//   uptime                the sandbox's, in seconds since its runner started, not the host's since boot
//   release, version      '': the host's kernel release and build, which say which fixes it has
//   hostname              'sandbox': Docker sets the container's ID there, which names it on the host
//
// Left as they are, because they describe the sandbox itself: networkInterfaces (the container's own
// network namespace: loopback, and its one address on the isolated bridge when networking is on, which any
// socket it opens would tell it anyway), userInfo and homedir (its own user, edgeql), tmpdir, arch, machine,
// platform, type, endianness, EOL, devNull and constants (the same on every sandbox), getPriority and
// setPriority (its own process; the seccomp profile refuses the latter).

const MB = 1024 * 1024;

/**
 * @param os this worker's os module, patched in place
 * @param options.memoryLimitMb the job's memory limit
 * @param options.hostProcess the worker's real process (its uptime and resident memory)
 */
function confineOs(os, { memoryLimitMb, hostProcess }) {
  const totalBytes = memoryLimitMb * MB;
  const rss = hostProcess.memoryUsage.rss;
  const uptime = hostProcess.uptime.bind(hostProcess);
  const figures = {
    totalmem: () => totalBytes,
    freemem: () => Math.max(0, totalBytes - rss()),
    cpus: () => [],
    availableParallelism: () => 1,
    loadavg: () => [0, 0, 0],
    uptime: () => Math.floor(uptime()),
    release: () => '',
    version: () => '',
    hostname: () => 'sandbox',
  };
  for (const [name, value] of Object.entries(figures)) {
    Object.defineProperty(os, name, { value, writable: false, enumerable: true, configurable: false });
  }
}

module.exports = { confineOs };
