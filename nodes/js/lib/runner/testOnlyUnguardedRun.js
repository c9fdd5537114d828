'use strict';
// TEST ONLY: runs a job with every in-process layer switched off (no vm context, no guard, no watchdog,
// the real require and process), so the security tests can show what the container alone holds.
// SandboxRunner.js takes this path only when EDGEQL_UNSAFE_DISABLE_GUARD=1, which the service sets only
// when it is configured with EXECUTOR_UNSAFE_DISABLE_GUARD, and its configuration refuses that flag in
// production. Time, memory, processes and files are then limited by the kernel alone.

const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');
const { format } = require('node:util');
const { LOG_LEVELS, round2, violations } = require('../protocol');
const { USER_FILENAME, wrapUserCode } = require('../worker/wrapUserCode');

const MAX_LOG_ENTRIES = 50;
const MB = 1024 * 1024;

/** @returns the message of the job's frame, which the runner writes before it exits (the first job is the only one) */
async function runUnguarded(job) {
  const startedAt = performance.now();
  const logs = [];
  const console = {};
  for (const level of LOG_LEVELS) {
    console[level] = (...args) => {
      if (logs.length < MAX_LOG_ENTRIES)
        logs.push({ level, message: format(...args).slice(0, 2000), time: round2(performance.now() - startedAt) });
    };
  }
  const { source, lineOffset } = wrapUserCode(job.code);
  let outcome;
  try {
    const node = new vm.Script(source, { filename: USER_FILENAME, lineOffset }).runInThisContext();
    const require = Module.createRequire(path.join(__dirname, '..', '..', 'SandboxRunner.js'));
    const value = await node(job.inputs, job.params, require, console);
    outcome = { type: 'result', value: JSON.parse(JSON.stringify(value ?? null)) };
  } catch (err) {
    const name = typeof err?.name === 'string' ? err.name : 'Error';
    outcome = { type: 'violation', error: violations.runtimeError(name, String(err?.message ?? err).slice(0, 2000), '') };
  }
  const stats = {
    memoryUsed: round2(process.memoryUsage().heapUsed / MB),
    peakMemory: round2(process.memoryUsage.rss() / MB),
    executionTime: round2((performance.now() - startedAt) / 1000),
    rss: round2(process.memoryUsage.rss() / MB),
  };
  return { ...outcome, logs, stats };
}

module.exports = { runUnguarded };
