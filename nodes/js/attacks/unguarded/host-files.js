// Guard off: look for the host: its files, the Docker socket, the service's source, other mounts.
// Cites: threat model: "no host files"; CVE-2019-5736 and CVE-2024-21626 (runc escapes begin by finding host
// file descriptors and paths).
// expect: result
// result: {"dockerSocket": false, "hostPaths": [], "rootEntries": "image only", "mounts": "no host mounts"}
const fs = require('fs');
const hostPaths = ['/var/run/docker.sock', '/run/docker.sock', '/work', '/root/.docker', '/home', '/var/lib/docker', '/etc/docker', '/proc/1/root/work', '/host']
  .filter((p) => fs.existsSync(p));
const expected = ['bin', 'dev', 'etc', 'lib', 'lib64', 'opt', 'proc', 'sandbox', 'sys', 'tmp', 'usr'];
const root = fs.readdirSync('/').filter((e) => !['.dockerenv', 'home', 'media', 'mnt', 'root', 'run', 'sbin', 'srv', 'var', 'boot', 'datasets'].includes(e));
const mounts = fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => / \/(work|home|root|var\/lib\/docker)\b/.test(l.split(' ')[3] ?? ''));
return {
  dockerSocket: fs.existsSync('/var/run/docker.sock'),
  hostPaths,
  rootEntries: root.every((e) => expected.includes(e)) ? 'image only' : root,
  mounts: mounts.length === 0 ? 'no host mounts' : mounts,
};
