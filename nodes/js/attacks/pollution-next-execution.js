// Attack: pollute every prototype and global within reach (the context's, the host's through Buffer and
// lodash, lodash's own state) and leave files and timers behind, hoping the next execution sees them.
// Cites: CVE-2019-10744 / CVE-2020-8203 (lodash prototype pollution) aimed at a reused sandbox;
// threat model: "prototype pollution that tries to reach the next execution".
// expect: result
// result: "polluted what it could"
// next: const _ = require('lodash'); return [({}).polluted, [].polluted, Buffer.prototype.polluted, typeof globalThis.leftBehind, _.polluted, typeof _.leak, Object.keys(process.env).length];
// next-result: [null, null, null, "undefined", null, "undefined", 0]
const _ = require('lodash');
try { Object.prototype.polluted = 'yes'; } catch {}
try { Array.prototype.polluted = 'yes'; } catch {}
try { Object.getPrototypeOf(Buffer.prototype).polluted = 'yes'; Buffer.prototype.polluted = 'yes'; } catch {}
try { Object.getPrototypeOf(Object.getPrototypeOf(Buffer.prototype)).polluted = 'yes'; } catch {}
try { _.merge({}, JSON.parse('{"__proto__": {"polluted": "yes"}}')); } catch {}
try { _.mixin({ leak: () => 'from the previous run' }); _.polluted = 'yes'; } catch {}
globalThis.leftBehind = 'yes';
setInterval(() => {}, 1000).unref();
return 'polluted what it could';
