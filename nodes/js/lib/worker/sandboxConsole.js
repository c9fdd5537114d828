'use strict';
// The `console` user code sees: each call is formatted as Node would print it and handed on at once,
// so the runner has every line written before a timeout or a crash.

const { format } = require('node:util');
const { LOG_LEVELS } = require('../protocol');
const { ReflectApply } = require('./hostIntrinsics');

/** @param emit (level, message) => void */
function createSandboxConsole(emit) {
  const sandboxConsole = { __proto__: null };
  for (const level of LOG_LEVELS) {
    sandboxConsole[level] = (...args) => emit(level, ReflectApply(format, undefined, args));
  }
  return Object.freeze(sandboxConsole);
}

module.exports = { createSandboxConsole };
