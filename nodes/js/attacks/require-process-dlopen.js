// Attack: process.dlopen, which loads native code into the runner.
// Cites: Node.js process.dlopen documentation; native addons are outside any JavaScript sandbox.
// expect: PROCESS_CONTROL
// details: {"call": "process.dlopen()"}
process.dlopen({ exports: {} }, '/tmp/evil.node');
