// Attack: load files by path: relative, absolute, traversal and the runner's own files.
// Cites: vm2 NodeVM "require.root" bypasses through path traversal (GHSA-whpj-8f3w-67p5 class).
// expect: RESTRICTED_MODULE
// details: {"module": "./x"}
for (const p of ['./x', '../../etc/passwd', 'lodash/../../runner/SandboxRunner']) {
  try { require(p); } catch {}
}
return require('/opt/edgeql/runner/lib/protocol.js');
