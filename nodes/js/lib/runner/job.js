'use strict';
// Reads the jobs the service writes to stdin, one per line, and checks the fields the runner relies on.
// The service has validated the request already; this catches a mismatched service or a truncated stream.

const { StringDecoder } = require('node:string_decoder');
const { PROTOCOL_VERSION } = require('../protocol');

const MAX_FRAME_KEY_CHARS = 128;

/**
 * Yields each newline-ended job as its own text, and whatever is left when the stream ends. A one-shot
 * sandbox gets one job and an end of stream; a reuse sandbox gets one line per job, each after the last
 * frame. A single job over maxBytes is an error.
 */
async function* readJobLines(stream, maxBytes) {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of stream) {
    pending += decoder.write(chunk);
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      if (line.trim() !== '') yield line;
    }
    if (Buffer.byteLength(pending) > maxBytes) throw new Error(`the job is larger than ${maxBytes} bytes`);
  }
  if (pending.trim() !== '') yield pending;
}

/** @returns the Job (see protocol.d.ts), with a missing `inputs` as null */
function parseJob(text) {
  let job;
  try {
    job = JSON.parse(text);
  } catch (err) {
    throw new Error(`the job is not JSON: ${err.message}`);
  }
  check(isObject(job), 'the job must be an object');
  check(job.v === PROTOCOL_VERSION, `the job's protocol version must be ${PROTOCOL_VERSION}`);
  check(typeof job.code === 'string', 'code must be a string');
  check(isObject(job.params), 'params must be an object');
  const { limits, output } = job;
  check(isObject(limits), 'limits must be an object');
  check(isPositive(limits.memoryLimitMb), 'limits.memoryLimitMb must be a positive number');
  check(isPositive(limits.timeLimitSec), 'limits.timeLimitSec must be a positive number');
  check(typeof limits.enableNetworking === 'boolean', 'limits.enableNetworking must be a boolean');
  check(typeof limits.enableFileSystem === 'boolean', 'limits.enableFileSystem must be a boolean');
  check(
    limits.allowedModules === null || (Array.isArray(limits.allowedModules) && limits.allowedModules.every((m) => typeof m === 'string')),
    'limits.allowedModules must be null or an array of strings',
  );
  check(job.reuse === undefined || typeof job.reuse === 'boolean', 'reuse must be a boolean when given');
  check(
    job.frameKey === undefined || (typeof job.frameKey === 'string' && job.frameKey.length <= MAX_FRAME_KEY_CHARS),
    `frameKey must be a string of at most ${MAX_FRAME_KEY_CHARS} characters when given`,
  );
  check(isObject(output), 'output must be an object');
  for (const key of ['maxResultBytes', 'maxLogBytes', 'maxLogEntries']) {
    check(Number.isInteger(output[key]) && output[key] > 0, `output.${key} must be a positive integer`);
  }
  return { ...job, inputs: job.inputs === undefined ? null : job.inputs };
}

function check(condition, reason) {
  if (!condition) throw new Error(reason);
}

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPositive = (v) => typeof v === 'number' && Number.isFinite(v) && v > 0;

module.exports = { readJobLines, parseJob };
