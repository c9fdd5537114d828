'use strict';
// Container entry point: reads one job from stdin, runs it in a resource-limited worker thread, holds
// the time, memory and log limits from outside that thread, and writes exactly one frame to stdout.
//
//   stdin ─► parseJob ─► take the pre-started worker (or spawn one) ───────────────► 'started' ──────► result or violation message
//     │ bad job            backstop: time limit + 2 s      watchdog: time limit
//     ▼                    memory poll every 10 ms         log caps on every log message
//   failure frame,         worker error: out of memory
//   exit 1                              │
//                                       ▼
//                 finish(outcome): the first outcome wins, the rest are ignored
//                 clear timers ─► terminate the worker ─► write the frame
//                 ─► wait for the write, and for the worker at most 300 ms ─► exit 0
//
// Environment: EDGEQL_MEMORY_SOURCE=rss measures RSS instead of the container's memory cgroup (see
// lib/runner/memoryProbe.js). Only this thread reads it; the worker gets an empty environment.
// EDGEQL_UNSAFE_DISABLE_GUARD=1 (tests only) runs the code with no in-process layer at all.
// EDGEQL_WORKER_HEAP_MB, set by the service to the request's memory limit, starts the worker before the
// job arrives; a job with another limit gets a fresh worker.

const fs = require('node:fs');
const path = require('node:path');
const { Worker } = require('node:worker_threads');
const { encodeFrame, round2, violations } = require('./lib/protocol');
const { heapUsedOf, isWorkerMessage } = require('./lib/workerMessages');
const { readJobLines, parseJob } = require('./lib/runner/job');
const { openMemorySource } = require('./lib/runner/memoryProbe');
const { createLogCollector } = require('./lib/runner/logCollector');

const WORKER_FILE = path.join(__dirname, 'sandboxWorker.js');
// Above the service's largest request body (EXECUTOR_BODY_LIMIT_BYTES at most 32 MiB) plus the job's envelope.
const MAX_JOB_BYTES = 40 * 1024 * 1024;
const MEMORY_POLL_MS = 10;
/** from the worker's spawn: its boot and the compilation of the user's code come before the clock */
const SPAWN_GRACE_MS = 2000;
/** a thread blocked in native code may not stop; exiting the process ends it anyway */
const TERMINATE_WAIT_MS = 300;
const STACK_SIZE_MB = 4;
const MB = 1024 * 1024;
// Set by the service to the sandbox's own /tmp, cleared between reuse jobs; unset (as on a developer's
// machine), nothing is cleared.
const SANDBOX_TMP = process.env.EDGEQL_SANDBOX_TMP;

let leaving = false;
/** the frameKey of the job under way, echoed in its frame (and in a failure frame while it runs) */
let frameKey;

// Opened once for every job the runner serves: one descriptor per source, however many jobs.
const memory = openMemorySource(process.env.EDGEQL_MEMORY_SOURCE);

const frameOf = (message) => encodeFrame(frameKey === undefined ? message : { ...message, key: frameKey });

/** Whether `stopping` settled within TERMINATE_WAIT_MS. */
function stoppedInTime(stopping) {
  const timeUp = new Promise((resolve) => setTimeout(() => resolve(false), TERMINATE_WAIT_MS));
  return Promise.race([stopping.then(() => true), timeUp]);
}

/**
 * The one way out: a single frame on stdout, then exit once it is written and `stopping` settles. A
 * worker stuck in native code (a long pbkdf2Sync) would hold process.exit() until it returned, so past
 * TERMINATE_WAIT_MS the runner kills itself instead.
 */
function leave(message, exitCode, stopping = Promise.resolve()) {
  if (leaving) return;
  leaving = true;
  process.stdout.write(frameOf(message), () => {
    stoppedInTime(stopping).then((stopped) => (stopped ? process.exit(exitCode) : process.kill(process.pid, 'SIGKILL')));
  });
}

/**
 * A reuse job's frame, written once its worker has stopped or TERMINATE_WAIT_MS has passed, and saying
 * which (`reusable`): the service sends a next job only to a sandbox whose last worker is gone, so
 * nothing a job left running (thread-pool work, a blocked read) can reach the next one. Resolves with it.
 */
async function emit(message, stopping) {
  const stopped = await stoppedInTime(stopping);
  await new Promise((resolve) => process.stdout.write(frameOf({ ...message, reusable: stopped }), resolve));
  return stopped;
}

function fail(reason, stopping) {
  leave({ type: 'failure', message: String(reason).slice(0, 2000) }, 1, stopping);
}

/** The young generation is outside maxOldGenerationSizeMb, so it stays a small share of the limit. */
function resourceLimits(memoryLimitMb) {
  return {
    maxOldGenerationSizeMb: memoryLimitMb,
    maxYoungGenerationSizeMb: Math.min(32, Math.max(4, Math.floor(memoryLimitMb / 16))),
    stackSizeMb: STACK_SIZE_MB,
  };
}

function startWorker(heapMb, workerData) {
  const worker = new Worker(WORKER_FILE, {
    workerData,
    env: {},
    stdout: true,
    stderr: true,
    resourceLimits: resourceLimits(heapMb),
  });
  // Whatever the worker prints is not ours to pass on: only the frame reaches stdout.
  worker.stdout.resume();
  worker.stderr.resume();
  const started = { worker, heapMb, alive: true };
  worker.once('exit', () => (started.alive = false));
  worker.once('error', () => (started.alive = false)); // supervise() reports it if the job is running
  return started;
}

// The worker's isolate boots while the runner waits for its job (in a pooled sandbox, that is before
// any request exists), with the heap limit the service expects the job to ask for.
const prestartHeapMb = Number(process.env.EDGEQL_WORKER_HEAP_MB);
let prestarted =
  process.env.EDGEQL_UNSAFE_DISABLE_GUARD !== '1' && prestartHeapMb > 0 ? startWorker(prestartHeapMb, null) : undefined;

/** The pre-started worker when it fits the job (then the job is its first message), else a fresh one. */
function takeWorker(job) {
  const heapMb = job.limits.memoryLimitMb;
  const ready = prestarted;
  prestarted = undefined;
  // The frame key stays on this thread: the worker, where user code runs, never sees it.
  const { frameKey: _kept, ...forWorker } = job;
  if (ready?.alive && ready.heapMb === heapMb) {
    ready.worker.postMessage(forWorker);
    return ready.worker;
  }
  if (ready) void ready.worker.terminate();
  return startWorker(heapMb, forWorker).worker;
}

/**
 * Runs one job to its one frame. A one-shot job then ends the process; a reuse job resolves with whether
 * its worker stopped in time, and the runner goes on to the next job only if it did.
 */
function supervise(job) {
  return new Promise((resolveRun) => superviseRun(job, resolveRun));
}

function superviseRun(job, resolveRun) {
  const { limits } = job;
  let done = false;
  const logs = createLogCollector(job.output);
  const spawnedAt = performance.now();
  let startedAt = null;
  let heapUsedMb = 0;
  let peakMemoryMb = 0;

  const worker = takeWorker(job);

  const elapsedSec = () => (performance.now() - (startedAt ?? spawnedAt)) / 1000;
  const timeout = () => finish({ type: 'violation', error: violations.timeout(elapsedSec(), limits.timeLimitSec) });
  const backstop = setTimeout(timeout, limits.timeLimitSec * 1000 + SPAWN_GRACE_MS);
  let watchdog;

  const sampleMemoryMb = () => {
    const mb = memory.readBytes() / MB;
    if (mb > peakMemoryMb) peakMemoryMb = mb;
    return mb;
  };
  const overMemory = (currentMb) => ({
    type: 'violation',
    error: violations.memoryLimit(currentMb, limits.memoryLimitMb, peakMemoryMb),
  });
  const poll = setInterval(() => {
    const mb = sampleMemoryMb();
    if (mb > limits.memoryLimitMb) finish(overMemory(mb));
  }, MEMORY_POLL_MS);
  sampleMemoryMb();

  function finish(outcome) {
    if (done || leaving) return;
    done = true;
    clearTimeout(backstop);
    clearTimeout(watchdog);
    clearInterval(poll);
    const stats = {
      memoryUsed: round2(heapUsedMb),
      peakMemory: round2(peakMemoryMb),
      executionTime: startedAt === null ? 0 : round2((performance.now() - startedAt) / 1000),
      rss: round2(memory.rssBytes() / MB),
    };
    // Stopped before the frame is written, so a runaway worker does not keep allocating meanwhile.
    const stopping = worker.terminate().catch(() => {});
    if (outcome.type === 'failure') fail(outcome.message, stopping);
    else if (!job.reuse) leave({ ...outcome, logs: logs.entries, stats }, 0, stopping);
    else emit({ ...outcome, logs: logs.entries, stats }, stopping).then(resolveRun);
  }

  worker.on('message', (message) => {
    if (done || leaving) return;
    const outcome = outcomeOf(message);
    if (outcome) finish(outcome);
  });

  function outcomeOf(message) {
    const heapUsed = heapUsedOf(message);
    if (heapUsed !== undefined) heapUsedMb = heapUsed / MB;
    if (!isWorkerMessage(message)) return { type: 'failure', message: 'the sandbox worker sent a malformed message' };
    switch (message.kind) {
      case 'started':
        if (startedAt !== null) return null;
        startedAt = performance.now();
        watchdog = setTimeout(timeout, limits.timeLimitSec * 1000);
        return null;
      case 'log': {
        const overCap = logs.add(message.entry);
        return overCap && { type: 'violation', error: overCap };
      }
      case 'violation':
        return { type: 'violation', error: message.violation };
      case 'result':
        return { type: 'result', value: JSON.parse(message.json) };
    }
  }

  worker.on('error', (err) => {
    if (err?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      // The heap alone needed more than the limit, so the sandbox used at least that much.
      finish(overMemory(Math.max(sampleMemoryMb(), limits.memoryLimitMb)));
    } else {
      finish({ type: 'failure', message: `the sandbox worker failed: ${err?.message}` });
    }
  });
  worker.on('exit', (code) => {
    finish({ type: 'failure', message: `the sandbox worker exited (code ${code}) without an outcome` });
  });
}

process.on('uncaughtException', (err) => fail(`the runner failed: ${err?.stack ?? err}`));
process.on('unhandledRejection', (err) => fail(`the runner failed: ${err?.stack ?? err}`));

/** Nothing of one reuse job is left for the next: its worker is gone, and so is what it wrote to /tmp. */
function clearTmp() {
  if (!SANDBOX_TMP) return;
  for (const entry of fs.readdirSync(SANDBOX_TMP)) fs.rmSync(path.join(SANDBOX_TMP, entry), { recursive: true, force: true });
}

/**
 * Jobs arrive one per line. A one-shot sandbox gets one and its stdin ends; a reuse sandbox gets the
 * next only after the previous frame, each job in a fresh worker and a fresh context.
 */
async function serve() {
  // The test-only switch (see lib/runner/testOnlyUnguardedRun.js): set by the service only under its unsafe test flag.
  const unguarded = process.env.EDGEQL_UNSAFE_DISABLE_GUARD === '1';
  let jobs = 0;
  for await (const text of readJobLines(process.stdin, MAX_JOB_BYTES)) {
    jobs++;
    let job;
    try {
      job = parseJob(text);
    } catch (err) {
      fail(`invalid job: ${err.message}`);
      return;
    }
    frameKey = job.frameKey;
    if (unguarded) return require('./lib/runner/testOnlyUnguardedRun').runUnguarded(job);
    const stopped = await supervise(job);
    // A worker stuck in native code holds process.exit() too: only a kill ends it.
    if (!stopped) return process.kill(process.pid, 'SIGKILL');
    clearTmp();
    prestarted = startWorker(job.limits.memoryLimitMb, null);
  }
  if (jobs === 0) fail('invalid job: stdin ended before a job');
  else leaveQuietly(0);
}

function leaveQuietly(code) {
  leaving = true;
  process.exit(code);
}

serve().catch((err) => fail(`the runner failed: ${err?.stack ?? err}`));
