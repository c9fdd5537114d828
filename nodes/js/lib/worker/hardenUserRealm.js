'use strict';
// Hardens the user's realm, the worker's fresh vm context, before any user code runs in it: no run-time
// compilation (each attempt a reported DYNAMIC_CODE), no stack-trace hook, every intrinsic frozen. The
// locks are compiled inside the context from realmLocks.js, so what they install is the context's own.

const vm = require('node:vm');
const { freezeIntrinsics, lockCodeGeneration, tameOverride } = require('./realmLocks');

// Stack frames of the locks, inside the context, name the file their source comes from.
const LOCKS_FILENAME = 'realmLocks.js';

/** Hardens a fresh vm context (created with code generation off) before any user code runs in it. */
function hardenUserRealm(context, reportDynamicCode) {
  const install = new vm.Script(`(${lockCodeGeneration})`, { filename: LOCKS_FILENAME }).runInContext(context);
  install(reportDynamicCode, { constructors: true, wasm: true });
  new vm.Script(`(${freezeIntrinsics})({ tameOverride: ${tameOverride} })`, { filename: LOCKS_FILENAME }).runInContext(context);
}

module.exports = { hardenUserRealm };
