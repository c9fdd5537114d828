// Attack: symlinks and hard links from /tmp to files the service or the host might read back (the
// Docker socket, the runner, /proc/1/root, the host's /etc), then read through them.
// Cites: CVE-2018-15664 (docker cp symlink-exchange race) and the CWE-59 link-following class.
// The permission model refuses to create any link to a path outside /tmp, so nothing is there to read.
// expect: result
// result: {"links": ["ERR_ACCESS_DENIED", "ERR_ACCESS_DENIED", "ERR_ACCESS_DENIED", "ERR_ACCESS_DENIED"], "reads": ["ENOENT", "ENOENT", "ENOENT", "ENOENT"]}
// limits: {"enableFileSystem": true}
const fs = require('fs');
const targets = ['/var/run/docker.sock', '/opt/edgeql/runner/SandboxRunner.js', '/proc/1/root/etc/passwd', '/etc/shadow'];
const attempt = (f) => { try { f(); return 'ok'; } catch (e) { return e.code; } };
const links = targets.map((t, i) => attempt(() => fs.symlinkSync(t, `/tmp/link-${i}`)));
const reads = targets.map((t, i) => attempt(() => fs.readFileSync(`/tmp/link-${i}`)));
return { links, reads };
