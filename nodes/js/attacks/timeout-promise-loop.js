// Attack: escape vm's synchronous timeout by looping inside a promise callback, after the script's own
// evaluation has returned.
// Cites: Node.js vm documentation ("the timeout does not cover promise callbacks and microtasks unless
// microtaskMode is set") and vm2 issue #1 class timeout escapes.
// expect: TIMEOUT
// limits: {"timeLimit": 1}
await Promise.resolve().then(() => { for (;;) {} });
