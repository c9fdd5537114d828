// Attack: leave a file in /tmp and a listening timer, for the next execution to find.
// Cites: threat model: "executions never see each other" (files); CWE-377 (insecure temporary files).
// expect: result
// result: "left a file"
// limits: {"enableFileSystem": true}
// next: const fs = require('fs'); return [fs.existsSync('/tmp/left-behind'), fs.readdirSync('/tmp')];
// next-result: [false, []]
require('fs').writeFileSync('/tmp/left-behind', 'secret of the previous run');
return 'left a file';
