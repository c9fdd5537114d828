'use strict';
// Starts the real runner the way the image does, hands it one job on stdin, and reads its one frame.
// EDGEQL_MEMORY_SOURCE=rss: outside a container the memory cgroup counter is the whole host's.

const { spawn } = require('node:child_process');
const path = require('node:path');
const { FRAME, PROTOCOL_VERSION } = require('../../lib/protocol');

const RUNNER = path.join(__dirname, '..', '..', 'SandboxRunner.js');
const KILL_AFTER_MS = 15_000;

function baseJob() {
  return {
    v: PROTOCOL_VERSION,
    code: 'return null;',
    inputs: null,
    params: {},
    limits: { memoryLimitMb: 256, timeLimitSec: 2, enableNetworking: false, enableFileSystem: false, allowedModules: null },
    output: { maxResultBytes: 64 * 1024, maxLogBytes: 16 * 1024, maxLogEntries: 50 },
  };
}

/** A job with the given fields; `limits` and `output` are merged into the defaults. */
function job({ limits, output, ...fields } = {}) {
  const base = baseJob();
  return { ...base, ...fields, limits: { ...base.limits, ...limits }, output: { ...base.output, ...output } };
}

/** The job the service would send for a request spec (the examples use the service's field names). */
function jobFromSpec(code, spec = {}) {
  const limits = {};
  if (spec.memoryLimit !== undefined) limits.memoryLimitMb = spec.memoryLimit;
  if (spec.timeLimit !== undefined) limits.timeLimitSec = spec.timeLimit;
  if (spec.enableNetworking !== undefined) limits.enableNetworking = spec.enableNetworking;
  if (spec.enableFileSystem !== undefined) limits.enableFileSystem = spec.enableFileSystem;
  if (spec.allowedModules !== undefined) limits.allowedModules = spec.allowedModules;
  return job({ code, inputs: spec.inputs ?? {}, params: spec.params ?? {}, limits });
}

/**
 * @param input a job object, or raw text for stdin
 * @param options.env extra environment for the runner (EDGEQL_WORKER_HEAP_MB pre-starts its worker)
 * @param options.jobDelayMs wait this long before writing the job, as a pooled sandbox does
 * @returns {Promise<{ exitCode: number, stdout: string, message: object | undefined, seconds: number }>}
 */
function runRunner(input, { env = {}, jobDelayMs = 0 } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--disallow-code-generation-from-strings', RUNNER], {
      env: { EDGEQL_MEMORY_SOURCE: 'rss', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(killer);
      const seconds = (performance.now() - started) / 1000;
      const message = stdout.startsWith(FRAME) && stdout.endsWith('\n') ? JSON.parse(stdout.slice(FRAME.length)) : undefined;
      resolve({ exitCode, stdout, message, seconds });
    });
    const send = () => child.stdin.end(typeof input === 'string' ? input : JSON.stringify(input));
    if (jobDelayMs > 0) setTimeout(send, jobDelayMs);
    else send();
  });
}

module.exports = { job, jobFromSpec, runRunner };
