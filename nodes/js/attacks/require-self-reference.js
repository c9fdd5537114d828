// Attack: require the runner's own package by its name. A package may require itself by name, and the
// guard resolves from the runner's directory, so '@edgeql/node-js/moduleRules' would be the runner's own
// guard, from which a second guard with any policy (fs, net, http unblocked) could be made.
// Cites: a finding of this project's own review; Node's package self-referencing ("exports" and "name").
// expect: RESTRICTED_MODULE
// details: {"module": "@edgeql/node-js/moduleRules"}
const { createGuardedRequire } = require('@edgeql/node-js/moduleRules');
const unguarded = createGuardedRequire({ enableNetworking: true, enableFileSystem: true, allowedModules: null }, () => new Error('x'));
return unguarded('fs').readdirSync('/opt/edgeql/runner');
