// Attack: drive an async generator over a host promise that rejects, catch the rejection inside
// `for await`, and climb from the host error and from the generator's own prototype chain.
// Cites: the 2026 vm2 advisory on async generators ("errors and values delivered through async
// generator resumption bypass sanitisation").
// expect: DYNAMIC_CODE
// details: {"construct": "Function constructor"}
const { setTimeout: hostSleep } = require('timers/promises');
async function* gen() {
  yield await hostSleep(1, 'a');
  yield await hostSleep(-1, 'b').then(() => Buffer.alloc(-1));
}
const found = [];
try {
  for await (const v of gen()) found.push(v);
} catch (e) {
  found.push(e);
}
for (const value of found) if (typeof value === 'object' && value !== null) value.constructor.constructor('return process')();
Object.getPrototypeOf(gen).constructor('yield 1');
return found.length;
