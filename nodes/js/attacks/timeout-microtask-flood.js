// Attack: an endless chain of microtasks that never yields to the event loop, so no timer ever fires in
// the thread that runs them.
// Cites: Node.js vm documentation on microtaskMode, and the published vm timeout escapes through
// queueMicrotask.
// expect: TIMEOUT
// limits: {"timeLimit": 1}
const spin = () => queueMicrotask(spin);
spin();
await new Promise(() => {});
