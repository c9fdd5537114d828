// Guard off: look for other containers and the host's processes: /proc lists only this sandbox's own
// processes (docker-init and node), and the hostname is the sandbox's.
// Cites: threat model: "no other container"; CWE-668 (exposure of resources to the wrong sphere).
// expect: result
// result: {"foreign": [], "hostname": "sandbox", "pid1": "docker-init"}
const fs = require('fs');
const pids = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p));
const names = pids.map((p) => { try { return fs.readFileSync(`/proc/${p}/comm`, 'utf8').trim(); } catch { return 'gone'; } });
return {
  foreign: names.filter((n) => !['docker-init', 'node', 'gone'].includes(n)),
  hostname: require('os').hostname(),
  pid1: fs.readFileSync('/proc/1/comm', 'utf8').trim(),
};
