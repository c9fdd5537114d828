// Attack: make host promise machinery call our code with host resolve functions: replace
// Promise.prototype.then, or add Object.prototype.then so that every object becomes a thenable when the
// runner awaits the node's result.
// Cites: the 2026 vm2 advisories on Promise species and thenables ("host resolution of sandbox promises
// calls attacker-controlled then() with host functions").
// expect: result
// result: {"frozen": [true, true, true], "then": "function", "objectThen": "undefined"}
const hook = function (resolve) { resolve.constructor.constructor('return process')(); };
Promise.prototype.then = hook;
Object.prototype.then = hook;
try { Object.defineProperty(Array.prototype, 'then', { value: hook }); } catch {}
return {
  frozen: [Object.isFrozen(Promise.prototype), Object.isFrozen(Object.prototype), Object.isFrozen(Array.prototype)],
  then: typeof Promise.prototype.then,
  objectThen: typeof ({}).then,
};
