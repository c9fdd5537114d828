'use strict';
// Starts the worker thread user code runs in (sandboxWorker.js): its V8 resource limits, an empty
// environment, and its stdout and stderr swallowed, so that only the runner's frame reaches stdout.

const path = require('node:path');
const { Worker } = require('node:worker_threads');

const WORKER_FILE = path.join(__dirname, '..', '..', 'sandboxWorker.js');
const STACK_SIZE_MB = 4;

/** The young generation is outside maxOldGenerationSizeMb, so it stays a small share of the limit. */
function resourceLimits(memoryLimitMb) {
  return {
    maxOldGenerationSizeMb: memoryLimitMb,
    maxYoungGenerationSizeMb: Math.min(32, Math.max(4, Math.floor(memoryLimitMb / 16))),
    stackSizeMb: STACK_SIZE_MB,
  };
}

/**
 * @param heapMb the worker's heap limit, the job's memory limit
 * @param workerData the job, or null for a worker started before its job (the job is then its first message)
 * @returns {{ worker: Worker, heapMb: number, alive: boolean }} alive turns false when the worker exits or fails
 */
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
  worker.once('error', () => (started.alive = false)); // the job's run reports it, if one is under way
  return started;
}

module.exports = { startWorker };
