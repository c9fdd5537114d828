// Attack: with the file system unblocked, read and write outside /tmp: the runner's code, the image's
// /etc, /proc, the cgroup files, and the root.
// Cites: Node.js permission model documentation (--allow-fs-read/--allow-fs-write); CWE-22.
// The runner's own directory stays readable (the runner loads from it; it holds nothing secret: the
// image's code and packages). Node 24's permission model no longer lets the parents of an allowed path be
// listed (Node 20's did), so `/` cannot be listed either.
// expect: result
// result: {"reads": ["ERR_ACCESS_DENIED", "ERR_ACCESS_DENIED", "ok", "ERR_ACCESS_DENIED"], "writes": ["ERR_ACCESS_DENIED", "ERR_ACCESS_DENIED"], "tmp": "ok"}
// limits: {"enableFileSystem": true}
const fs = require('fs');
const attempt = (f) => { try { f(); return 'ok'; } catch (e) { return e.code; } };
const reads = ['/etc/passwd', '/proc/self/environ', '/opt/edgeql/runner/SandboxRunner.js', '/'].map((p) => attempt(() => (p === '/' ? fs.readdirSync(p) : fs.readFileSync(p))));
const writes = ['/evil', '/opt/edgeql/runner/SandboxRunner.js'].map((p) => attempt(() => fs.writeFileSync(p, 'x')));
const tmp = attempt(() => { fs.writeFileSync('/tmp/ok', 'x'); fs.readFileSync('/tmp/ok'); });
return { reads, writes, tmp };
