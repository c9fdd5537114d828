'use strict';
// Worker side of the sandbox: builds a hardened vm realm, runs the user's node in it, and posts each
// event to the runner's main thread, which alone decides the outcome and enforces time and memory.
//
// The runner starts this worker before its job arrives, so the isolate's boot and the hardening of the
// context are paid while the sandbox waits; the job then comes as the first message. A worker started
// for a job that needs other resource limits gets it as workerData instead.
//
// What it posts to the main thread, each message the moment its event happens, is built by
// lib/workerMessages.js: 'started', 'log', 'violation' and 'result'.

const os = require('node:os');
const vm = require('node:vm');
const { parentPort, workerData } = require('node:worker_threads');
const { getHeapStatistics } = require('node:v8');
const { violations, round2 } = require('./lib/protocol');
const { workerMessages } = require('./lib/workerMessages');
const { USER_FILENAME, NODE_PARAMETERS, wrapUserCode } = require('./lib/worker/wrapUserCode');
const { hardenUserRealm } = require('./lib/worker/hardenUserRealm');
const { finishHostRealm, hardenHostRealm, lockHostGlobal } = require('./lib/worker/hardenHostRealm');
const { createGuardedRequire } = require('./lib/worker/guardedRequire');
const { guardFileHandles, guardFileSystem } = require('./lib/worker/fsGuard');
const { guardSockets } = require('./lib/worker/socketGuard');
const { compileFetchParser } = require('./lib/worker/prepareFetch');
const { confineOs } = require('./lib/worker/sandboxOs');
const { createSandboxConsole } = require('./lib/worker/sandboxConsole');
const { createSandboxGlobals, hostGlobalStandIns, hostObjectsHandedOut } = require('./lib/worker/sandboxGlobals');
const { serializeResult } = require('./lib/worker/serializeResult');
const { describeThrown } = require('./lib/worker/describeError');
const { ReflectApply, JSONStringify } = require('./lib/worker/hostIntrinsics');

const NEVER_SETTLED = 'The node never finished: nothing is left that could settle its promise';

const hostProcess = process;
const post = parentPort.postMessage.bind(parentPort);
const now = performance.now.bind(performance);
const heapUsed = () => getHeapStatistics().used_heap_size;

let startedAt = 0;
let outcomePosted = false;

function report(violation) {
  outcomePosted = true;
  post(workerMessages.violation(violation, heapUsed()));
}

function reportThrown(thrown) {
  let violation;
  try {
    violation = describeThrown(thrown);
  } catch {
    violation = violations.runtimeError('Error', 'The thrown value could not be described', '');
  }
  report(violation);
}

// An empty null-prototype sandbox object: with `{}`, `this.constructor` in the context would be the
// host's Object. Code generation is off here as well as process-wide. microtaskMode 'afterEvaluate' is
// left out: with it, a promise settled by a host timer never runs its continuations, so `await` of a
// setTimeout hangs; the runner's watchdog covers microtask loops instead.
const context = vm.createContext(Object.create(null), {
  name: 'edgeql-sandbox',
  codeGeneration: { strings: false, wasm: false },
});
const ContextError = vm.runInContext('Error', context);

// Errors thrown into user code belong to its realm, so `err instanceof Error` holds there.
function reportViolation(violation) {
  report(violation);
  return new ContextError(violation.message);
}
const reportDynamicCode = (construct) => reportViolation(violations.dynamicCode(construct));

hardenUserRealm(context, reportDynamicCode);
// While the worker waits for its job: the host realm hardened and frozen, but for WebAssembly; fs takes no
// descriptor it did not open (lib/worker/fsGuard.js), and its FileHandles are genuine ones once
// fileHandlesGuarded settles (runJob waits for it; should it fail, so does the job).
hardenHostRealm(reportDynamicCode, hostObjectsHandedOut());
guardFileSystem();
const fileHandlesGuarded = guardFileHandles();
fileHandlesGuarded.catch(() => {});

/**
 * What depends on the job, before user code runs: with networking, fetch's parser compiled and the
 * sockets' raw-descriptor entry points closed; then WebAssembly locked, os confined to the sandbox's
 * figures, the sandbox globals, and the node itself. A set-up step that fails rejects, and the worker
 * ends with its error, which the runner reports as a failure.
 */
async function runJob(job) {
  const { enableNetworking, memoryLimitMb } = job.limits;
  await fileHandlesGuarded;
  if (enableNetworking) {
    await compileFetchParser();
    await guardSockets();
  }
  finishHostRealm(reportDynamicCode);
  confineOs(os, { memoryLimitMb, hostProcess });
  const sandboxConsole = createSandboxConsole((level, message) => post(workerMessages.log(level, message, round2(now() - startedAt))));
  const globals = createSandboxGlobals({ hostProcess, console: sandboxConsole, enableNetworking, reportViolation });
  const contextGlobal = vm.runInContext('globalThis', context);
  for (const [name, value] of Object.entries(globals)) {
    Object.defineProperty(contextGlobal, name, { value, writable: true, configurable: true, enumerable: false });
  }
  // A sloppy-mode host function called without a receiver hands out this realm's global (lodash's
  // `_.mixin.call(undefined, {})` returns it). Its `console`, `process` and (with networking off) `fetch`
  // are then the sandbox's too.
  for (const [name, value] of hostGlobalStandIns(globals)) {
    Object.defineProperty(globalThis, name, { value, writable: false, configurable: false });
  }
  lockHostGlobal();

  hostProcess.on('uncaughtException', reportThrown);
  hostProcess.on('unhandledRejection', reportThrown);
  hostProcess.on('beforeExit', () => {
    if (!outcomePosted) report(violations.runtimeError('Error', NEVER_SETTLED, ''));
  });

  runNode(job, sandboxConsole).catch(reportThrown);
}

async function runNode(job, sandboxConsole) {
  const { source, lineOffset } = wrapUserCode(job.code);
  const script = new vm.Script(source, { filename: USER_FILENAME, lineOffset });
  // Copied through the context's own JSON, so their prototypes are the context's.
  const contextJSON = vm.runInContext('JSON', context);
  const byName = {
    inputs: contextJSON.parse(JSONStringify(job.inputs)),
    params: contextJSON.parse(JSONStringify(job.params)),
    require: createGuardedRequire(job.limits, reportViolation, { console: sandboxConsole }),
    console: sandboxConsole,
  };
  const args = NODE_PARAMETERS.map((name) => byName[name]);

  startedAt = now();
  post(workerMessages.started(heapUsed()));
  const node = script.runInContext(context);
  const value = await ReflectApply(node, undefined, args);
  const serialized = serializeResult(value, job.output.maxResultBytes);
  if (serialized.violation) {
    report(serialized.violation);
    return;
  }
  outcomePosted = true;
  post(workerMessages.result(serialized.json, heapUsed()));
}

if (workerData) void runJob(workerData);
else parentPort.once('message', (job) => void runJob(job));
