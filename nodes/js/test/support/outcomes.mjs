// Runs a job through the real runner and checks the frame's shape before a test looks at its content.
import { createRequire } from 'node:module';
import { expect } from 'vitest';

const require = createRequire(import.meta.url);
const { runRunner } = require('./runner.js');

/** The frame of a run that must end with a violation (the frame is all there is on stdout). */
export async function violationOf(job) {
  const run = await runRunner(job);
  expect(run.exitCode, run.stdout).toBe(0);
  expect(run.message?.type, run.stdout).toBe('violation');
  expect(run.message.error.message.startsWith(`${run.message.error.type}: `)).toBe(true);
  return run.message;
}

/** The frame of a run that must return a value. */
export async function resultOf(job) {
  const run = await runRunner(job);
  expect(run.exitCode, run.stdout).toBe(0);
  expect(run.message?.type, run.stdout).toBe('result');
  return run.message;
}
