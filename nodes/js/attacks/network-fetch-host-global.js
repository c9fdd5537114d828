// Attack: take fetch from the host global a sloppy host function hands out, instead of the sandbox's.
// Cites: threat model: network attempts with networking off; vm2 README on host globals.
// expect: RESTRICTED_MODULE
// details: {"module": "fetch"}
const hostGlobal = require('lodash').mixin.call(undefined, {});
return (await hostGlobal.fetch('http://172.17.0.1:2375/containers/json')).text();
