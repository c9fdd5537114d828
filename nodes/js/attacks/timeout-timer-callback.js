// Attack: return at once, and loop forever later inside a host timer callback, after the runner would
// have read the result.
// Cites: Node.js vm timeout escapes through asynchronous callbacks (setTimeout, setImmediate).
// expect: TIMEOUT
// limits: {"timeLimit": 1}
setImmediate(() => { for (;;) {} });
await new Promise((resolve) => setTimeout(resolve, 100));
return 'too late';
