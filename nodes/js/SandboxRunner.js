'use strict';
// Container entry point: reads jobs from stdin (a one-shot sandbox gets one, a reuse sandbox one per line,
// each after the last frame), runs each in a resource-limited worker thread, holds the time, memory and
// log limits from outside that thread, and writes exactly one frame per job to stdout.
//
// The process, runner.state:
//
//   waiting ─────────────────── a job ──────────────────► serving
//     │  ▲                                                  │  │
//     │  └────── its frame (reuse), its worker gone ────────┘  │ its frame (one-shot), a failure,
//     │                                                        │ or a reuse job whose worker is
//     │ stdin ends, or a job that does not parse               │ still running
//     ▼                                                        │
//   exiting ◄──────────────────────────────────────────────────┘
//      exitProcess(), the one way out, taken once: its frame, if any, is the last thing written; then
//      exit once the worker is gone, or SIGKILL if it is not within 300 ms. The runner's own error
//      leads here from any state, with a failure frame.
//
// One job, JobRun.state:
//
//   starting ─────────── 'started' ──────────► running
//   the worker boots, the code compiles        user code runs
//   backstop: time limit + 2 s                 watchdog: time limit
//      │  in both: memory poll every 10 ms, log caps, the worker's own error or exit  │
//      └───────────────────────────────────┬───────────────────────────────────────────┘
//                                          ▼ finish(outcome): the first outcome wins, the rest are ignored
//   finished: timers cleared, the worker terminating, one frame: written by exitProcess (one-shot, or any
//   failure), or for a reuse job once its worker is gone or 300 ms have passed, saying which
//
// Environment: EDGEQL_MEMORY_SOURCE=rss measures RSS instead of the container's memory cgroup (see
// lib/runner/memoryProbe.js). Only this thread reads it; the worker gets an empty environment.
// EDGEQL_UNSAFE_DISABLE_GUARD=1 (tests only) runs the code with no in-process layer at all.
// EDGEQL_WORKER_HEAP_MB, set by the service to the request's memory limit, starts the worker before the
// job arrives; a job with another limit gets a fresh worker.

const fs = require('node:fs');
const path = require('node:path');
const { encodeFrame, round2, violations } = require('./lib/protocol');
const { heapUsedOf, isWorkerMessage } = require('./lib/workerMessages');
const { pinDescriptor } = require('./lib/descriptorIdentity');
const { readJobLines, parseJob } = require('./lib/runner/job');
const { openMemorySource } = require('./lib/runner/memoryProbe');
const { createLogCollector } = require('./lib/runner/logCollector');
const { startWorker } = require('./lib/runner/startWorker');

// Above the service's largest request body (EXECUTOR_BODY_LIMIT_BYTES at most 32 MiB) plus the job's envelope.
const MAX_JOB_BYTES = 40 * 1024 * 1024;
const MEMORY_POLL_MS = 10;
/** from the worker's spawn: its boot and the compilation of the user's code come before the clock */
const SPAWN_GRACE_MS = 2000;
/** a thread blocked in native code may not stop; exiting the process ends it anyway */
const TERMINATE_WAIT_MS = 300;
const MB = 1024 * 1024;
// Set by the service to the sandbox's own /tmp, cleared between reuse jobs; unset (as on a developer's
// machine), nothing is cleared.
const SANDBOX_TMP = process.env.EDGEQL_SANDBOX_TMP;
// The test-only switch (see lib/runner/testOnlyUnguardedRun.js): set by the service only under its unsafe test flag.
const UNGUARDED = process.env.EDGEQL_UNSAFE_DISABLE_GUARD === '1';

const runner = {
  /** 'waiting' | 'serving' | 'exiting' (the diagram above); nothing leaves 'exiting' */
  state: 'waiting',
  /** the frameKey of the latest job, echoed in every frame from then on (a failure frame too) */
  frameKey: undefined,
  /** a worker started before its job, with the heap limit the next job is expected to ask for */
  spare: undefined,
};

// Opened once for every job the runner serves: one descriptor per source, however many jobs.
const memory = openMemorySource(process.env.EDGEQL_MEMORY_SOURCE);
// User code shares this process's descriptor table: stdin and stdout are pinned to the files they are now,
// so a job is read and a frame written only through them (lib/descriptorIdentity.js).
const stdio = { in: pinDescriptor(0), out: pinDescriptor(1) };

/** Moves the process to `next`, unless it is already leaving. */
function enter(next) {
  if (runner.state === 'exiting') return false;
  runner.state = next;
  return true;
}

const frameOf = (message) => encodeFrame(runner.frameKey === undefined ? message : { ...message, key: runner.frameKey });
const failure = (reason) => ({ type: 'failure', message: String(reason).slice(0, 2000) });

/** Whether `stopping` settled within TERMINATE_WAIT_MS. */
function stoppedInTime(stopping) {
  const timeUp = new Promise((resolve) => setTimeout(() => resolve(false), TERMINATE_WAIT_MS));
  return Promise.race([stopping.then(() => true), timeUp]);
}

/**
 * The process's one way out, taken once. With a frame: writes it, then exits with `code` once it is
 * written and `stopping` (the worker's termination) settles. A worker stuck in native code (a long
 * pbkdf2Sync) would hold process.exit() until it returned, so past TERMINATE_WAIT_MS, or at once with
 * `kill`, the runner kills itself instead.
 */
function exitProcess(code, { frame, stopping = Promise.resolve(), kill = false } = {}) {
  if (!enter('exiting')) return;
  const end = (stopped) => (stopped && !kill ? process.exit(code) : process.kill(process.pid, 'SIGKILL'));
  if (frame === undefined) return end(true);
  // Fails closed: a frame goes nowhere but the stdout the runner started with.
  if (!stdio.out.unchanged()) return process.kill(process.pid, 'SIGKILL');
  process.stdout.write(frameOf(frame), () => stoppedInTime(stopping).then(end));
}

// The worker's isolate boots while the runner waits for its job (in a pooled sandbox, that is before
// any request exists), with the heap limit the service expects the job to ask for.
const prestartHeapMb = Number(process.env.EDGEQL_WORKER_HEAP_MB);
if (!UNGUARDED && prestartHeapMb > 0) runner.spare = startWorker(prestartHeapMb, null);

/** The spare worker when it fits the job (then the job is its first message), else a fresh one. */
function takeWorker(job) {
  const heapMb = job.limits.memoryLimitMb;
  const ready = runner.spare;
  runner.spare = undefined;
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
 * One job, from the worker it is handed to until its one frame (the diagram above). A one-shot job, and
 * any failure, then leave the process; `done` resolves only for a reuse job's result or violation, with
 * whether its worker stopped in time, and the runner goes on to the next job only if it did.
 */
class JobRun {
  /** 'starting' | 'running' | 'finished' */
  state = 'starting';
  #job;
  #worker;
  #logs;
  #spawnedAt;
  #startedAt = null;
  #heapUsedMb = 0;
  #peakMemoryMb = 0;
  #backstop;
  #watchdog;
  #poll;
  #resolveDone;
  /** see above: resolves only after a reuse job's result or violation */
  done;

  constructor(job) {
    const { limits } = job;
    this.done = new Promise((resolve) => (this.#resolveDone = resolve));
    this.#job = job;
    this.#logs = createLogCollector(job.output);
    this.#spawnedAt = performance.now();
    this.#worker = takeWorker(job);
    this.#backstop = setTimeout(() => this.#timeout(), limits.timeLimitSec * 1000 + SPAWN_GRACE_MS);
    this.#poll = setInterval(() => {
      const mb = this.#sampleMemoryMb();
      if (mb > limits.memoryLimitMb) this.finish(this.#overMemory(mb));
    }, MEMORY_POLL_MS);
    this.#sampleMemoryMb();
    this.#worker.on('message', (message) => this.#onMessage(message));
    this.#worker.on('error', (err) => {
      // Node emits its own out-of-memory error as the worker ends (its handle gone: threadId -1); an error
      // thrown in the worker arrives from a live one, and user code could have given it the same code.
      if (err?.code === 'ERR_WORKER_OUT_OF_MEMORY' && this.#worker.threadId === -1) {
        // The heap alone needed more than the limit, so the sandbox used at least that much.
        this.finish(this.#overMemory(Math.max(this.#sampleMemoryMb(), limits.memoryLimitMb)));
      } else {
        this.finish(failure(`the sandbox worker failed: ${err?.message}`));
      }
    });
    this.#worker.on('exit', (code) => {
      this.finish(failure(`the sandbox worker exited (code ${code}) without an outcome`));
    });
  }

  /** The job's one ending: the first outcome wins, and nothing of the job runs on after it. */
  finish(outcome) {
    if (this.state === 'finished' || runner.state === 'exiting') return;
    this.state = 'finished';
    clearTimeout(this.#backstop);
    clearTimeout(this.#watchdog);
    clearInterval(this.#poll);
    const stats = {
      memoryUsed: round2(this.#heapUsedMb),
      peakMemory: round2(this.#peakMemoryMb),
      executionTime: this.#startedAt === null ? 0 : round2((performance.now() - this.#startedAt) / 1000),
      rss: round2(memory.rssBytes() / MB),
    };
    // Stopped before the frame is written, so a runaway worker does not keep allocating meanwhile.
    const stopping = this.#worker.terminate().catch(() => {});
    if (outcome.type === 'failure') return exitProcess(1, { frame: outcome, stopping });
    const frame = { ...outcome, logs: this.#logs.entries, stats };
    if (!this.#job.reuse) return exitProcess(0, { frame, stopping });
    this.#frameWhenStopped(frame, stopping);
  }

  /**
   * A reuse job's frame, written once its worker has stopped or TERMINATE_WAIT_MS has passed, and saying
   * which (`reusable`): the service sends a next job only to a sandbox whose last worker is gone, so
   * nothing a job left running (thread-pool work, a blocked read) can reach the next one.
   */
  async #frameWhenStopped(frame, stopping) {
    const stopped = await stoppedInTime(stopping);
    if (runner.state === 'exiting') return;
    if (!stdio.out.unchanged()) return exitProcess(1, { kill: true });
    await new Promise((resolve) => process.stdout.write(frameOf({ ...frame, reusable: stopped }), resolve));
    this.#resolveDone(stopped);
  }

  #onMessage(message) {
    if (this.state === 'finished' || runner.state === 'exiting') return;
    const heapUsed = heapUsedOf(message);
    if (heapUsed !== undefined) this.#heapUsedMb = heapUsed / MB;
    if (!isWorkerMessage(message)) return this.finish(failure('the sandbox worker sent a malformed message'));
    switch (message.kind) {
      case 'started':
        return this.#start();
      case 'log': {
        const overCap = this.#logs.add(message.entry);
        return overCap ? this.finish({ type: 'violation', error: overCap }) : undefined;
      }
      case 'violation':
        return this.finish({ type: 'violation', error: message.violation });
      case 'result':
        return this.finish({ type: 'result', value: JSON.parse(message.json) });
    }
  }

  /** User code is about to run: the clock of the time limit starts now. */
  #start() {
    if (this.state !== 'starting') return;
    this.state = 'running';
    this.#startedAt = performance.now();
    this.#watchdog = setTimeout(() => this.#timeout(), this.#job.limits.timeLimitSec * 1000);
  }

  #timeout() {
    const elapsedSec = (performance.now() - (this.#startedAt ?? this.#spawnedAt)) / 1000;
    this.finish({ type: 'violation', error: violations.timeout(elapsedSec, this.#job.limits.timeLimitSec) });
  }

  #sampleMemoryMb() {
    const mb = memory.readBytes() / MB;
    if (mb > this.#peakMemoryMb) this.#peakMemoryMb = mb;
    return mb;
  }

  #overMemory(currentMb) {
    const error = violations.memoryLimit(currentMb, this.#job.limits.memoryLimitMb, this.#peakMemoryMb);
    return { type: 'violation', error };
  }
}

const runnerFailed = (err) => exitProcess(1, { frame: failure(`the runner failed: ${err?.stack ?? err}`) });
process.on('uncaughtException', runnerFailed);
process.on('unhandledRejection', runnerFailed);

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
  let jobs = 0;
  for await (const text of readJobLines(process.stdin, MAX_JOB_BYTES)) {
    jobs++;
    if (!stdio.in.unchanged()) return exitProcess(1, { frame: failure('stdin is no longer the descriptor the runner started with') });
    let job;
    try {
      job = parseJob(text);
    } catch (err) {
      return exitProcess(1, { frame: failure(`invalid job: ${err.message}`) });
    }
    runner.frameKey = job.frameKey;
    if (!enter('serving')) return;
    if (UNGUARDED) {
      const { runUnguarded } = require('./lib/runner/testOnlyUnguardedRun');
      return exitProcess(0, { frame: await runUnguarded(job) });
    }
    const stopped = await new JobRun(job).done;
    // A worker stuck in native code holds process.exit() too: only a kill ends it.
    if (!stopped) return exitProcess(1, { kill: true });
    clearTmp();
    runner.spare = startWorker(job.limits.memoryLimitMb, null);
    if (!enter('waiting')) return;
  }
  if (jobs === 0) exitProcess(1, { frame: failure('invalid job: stdin ended before a job') });
  else exitProcess(0);
}

serve().catch(runnerFailed);
