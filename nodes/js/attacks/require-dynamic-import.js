// Attack: import('child_process') and import('data:...') bypass require() altogether.
// Cites: CVE-2021-23449 (vm2 dynamic import); Node.js vm importModuleDynamically documentation.
// expect: RUNTIME_ERROR
// message: dynamic import callback was not specified
const cp = await import('child_process');
return cp.execSync('id').toString();
