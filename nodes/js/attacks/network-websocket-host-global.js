// Attack: reach the network through the WebSocket client that Node 22 put on every realm's global, taken
// from the host global a sloppy host function hands out (the sandbox replaces only fetch there); and read
// the navigator Node 21 put beside it.
// Cites: Node.js 22 release notes (the browser-compatible WebSocket global, on by default); threat model: network
// attempts with networking off.
// The image starts Node with --no-experimental-websocket and --no-experimental-global-navigator, so
// neither exists on any realm's global: nothing there to call, as under Node 20.
// expect: result
// result: {"WebSocket": "undefined", "CloseEvent": "undefined", "navigator": "undefined"}
const hostGlobal = require('lodash').mixin.call(undefined, {});
return { WebSocket: typeof hostGlobal.WebSocket, CloseEvent: typeof hostGlobal.CloseEvent, navigator: typeof hostGlobal.navigator };
