// Attack: catch the worker's internal port to the runner's thread as it is used. From the host global
// (lodash's `_root`), replace postMessage on MessagePort.prototype, or define the hybrid-dispatch hook
// Node calls on it, then post on a port of its own: Node looks postMessage up on that one prototype at
// call time for its internal port too (Node's own console, which posted there through util.log, has no
// such way in left: Node 23 removed util.log, and --no-warnings keeps warnings off it). With the port,
// user code could post the runner a forged out-of-memory error, a failure in its own words, or a message
// that crashes the runner's main thread.
// Cites: a finding of this project's own review; Node's lib/internal/worker/io.js and
// lib/internal/event_target.js (kHybridDispatch).
// expect: result
// result: {"replace": "TypeError", "assign": "TypeError", "hybrid": "TypeError", "caught": false}
const proto = require('lodash/_root').MessagePort.prototype;
let caught = false;
const hook = function () { caught = true; };
const attempt = (f) => { try { f(); return 'done'; } catch (e) { return e.constructor.name; } };
const replace = attempt(() => Object.defineProperty(proto, 'postMessage', { value: hook, writable: true, configurable: true }));
const assign = attempt(() => { 'use strict'; proto.postMessage = hook; });
const hybrid = attempt(() => Object.defineProperty(proto, Symbol.for('nodejs.internal.kHybridDispatch'), { value: hook }));
new (require('lodash/_root').MessageChannel)().port1.postMessage('on a port of its own');
await new Promise((resolve) => setTimeout(resolve, 50));
return { replace, assign, hybrid, caught };
