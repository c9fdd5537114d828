// Attack: an allocation flood through pending promises the collector can never free.
// Cites: CWE-400 through unresolved promise chains.
// expect: MEMORY_LIMIT|TIMEOUT
// limits: {"timeLimit": 10, "memoryLimit": 96}
const keep = [];
for (;;) keep.push(new Promise(() => {}), { pad: new Array(100).fill(0) });
