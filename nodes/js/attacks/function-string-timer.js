// Attack: compile a string through a timer: setTimeout, setInterval and setImmediate accept code strings
// in browsers.
// Cites: HTML timers specification (string handlers), the classic CSP/eval bypass.
// expect: DYNAMIC_CODE
// details: {"construct": "string timers"}
setInterval('globalThis.escaped = process', 1);
return 'scheduled';
