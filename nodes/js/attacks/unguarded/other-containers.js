// Guard off: look for other containers and the host's processes: /proc lists only this sandbox's own
// processes (docker-init and node), and the hostname is the sandbox's. Each process is named by the program
// it runs (its command line's first word), not by its `comm`, which is its main thread's name: Node 24
// calls that thread MainThread.
// Cites: threat model: "no other container"; CWE-668 (exposure of resources to the wrong sphere).
// expect: result
// result: {"foreign": [], "hostname": "sandbox", "pid1": "docker-init"}
const fs = require('fs');
const pids = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p));
const names = pids.map((p) => { try { return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0')[0].split('/').pop(); } catch { return 'gone'; } });
return {
  foreign: names.filter((n) => !['docker-init', 'node', 'gone'].includes(n)),
  hostname: require('os').hostname(),
  pid1: fs.readFileSync('/proc/1/comm', 'utf8').trim(),
};
