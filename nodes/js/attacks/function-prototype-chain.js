// Attack: the real Function constructor behind a stand-in. The async, generator and async generator
// constructors inherit from %Function% itself, and a stand-in answers getPrototypeOf with its original's,
// so Object.getPrototypeOf((async () => {}).constructor) was the real Function, in the user's realm and
// in the host's (from any host async function). Calling it raised V8's own EvalError, which no guard saw:
// caught, the attempt went unreported.
// Cites: hardening review, class 4: violations inferred from what errors look like.
// expect: DYNAMIC_CODE
// details: {"construct": "Function constructor"}
const routes = [
  Object.getPrototypeOf((async () => {}).constructor),
  Object.getPrototypeOf(function* () {}.constructor),
  Object.getPrototypeOf(async function* () {}.constructor),
  Object.getPrototypeOf(require('events').once.constructor),
];
for (const F of routes) {
  try {
    F('return process')();
  } catch {}
}
return 'unreported';
