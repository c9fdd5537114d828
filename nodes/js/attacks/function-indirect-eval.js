// Attack: eval under other names: indirect eval, globalThis.eval, and eval reached through the host
// global that a sloppy host function hands out as `this`.
// Cites: vm2 README "known escapes"; ECMAScript indirect eval semantics.
// expect: DYNAMIC_CODE
// details: {"construct": "eval()"}
const hostGlobal = require('lodash').mixin.call(undefined, {});
try { hostGlobal.eval('process'); } catch {}
return (0, globalThis.eval)('this.process');
