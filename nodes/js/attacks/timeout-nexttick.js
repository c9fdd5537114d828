// Attack: recursive process.nextTick, the classic way to starve Node's timers phase.
// Cites: Node.js vm timeout escapes through process.nextTick (nextTick queue runs before timers).
// expect: TIMEOUT
// limits: {"timeLimit": 1}
const again = () => process.nextTick(again);
again();
await new Promise(() => {});
