'use strict';
// The only `require` user code gets: asks moduleRules.js whether a module may load under the job's
// flags and allowlist, reports a refusal as a violation, and loads what is allowed from the runner's
// own directory, never the runner's own files.

const Module = require('node:module');
const path = require('node:path');
const { violations } = require('../protocol');
const { decideModule } = require('./moduleRules');
const { clip } = require('./clip');
const { StringPrototypeIndexOf, StringPrototypeStartsWith } = require('./hostIntrinsics');

const MAX_REPORTED_NAME_CHARS = 200;

// Resolution starts in the runner's directory, so only builtins and the packages installed next to the
// runner (/opt/edgeql/node_modules in the image) can load, never a file of the user's choosing.
const RUNNER_DIR = path.join(__dirname, '..', '..') + path.sep;
const loadFromRunner = Module.createRequire(`${RUNNER_DIR}SandboxRunner.js`);
const NODE_MODULES_SEGMENT = `${path.sep}node_modules${path.sep}`;
const RUNNER_PACKAGES = `${RUNNER_DIR}node_modules${path.sep}`;

/**
 * @param policy the job's enableNetworking, enableFileSystem and allowedModules
 * @param reportViolation reports a violation to the runner at once and returns the error to throw, so a
 *   user's try/catch can hide the error but never the violation
 * @param substitutes what an allowed module's name gives instead of the builtin: `console`, whose real
 *   object holds the worker's stdout and, through it, Node's internal port to the runner's thread
 */
function createGuardedRequire(policy, reportViolation, substitutes = {}) {
  const replaced = Object.freeze({ __proto__: null, ...substitutes });
  const frozenPolicy = Object.freeze({
    enableNetworking: policy.enableNetworking === true,
    enableFileSystem: policy.enableFileSystem === true,
    allowedModules: policy.allowedModules === null ? null : Object.freeze([...policy.allowedModules]),
  });
  return function require(request) {
    if (typeof request !== 'string') {
      throw new TypeError(`The "id" argument must be of type string. Received type ${typeof request}`);
    }
    const { verdict, name, base } = decideModule(request, frozenPolicy);
    const reported = clip(name, MAX_REPORTED_NAME_CHARS);
    if (verdict === 'restricted') throw reportViolation(violations.restrictedModule(reported));
    if (verdict === 'unauthorized') {
      throw reportViolation(violations.unauthorizedModule(reported, frozenPolicy.allowedModules));
    }
    const substitute = replaced[base];
    if (substitute !== undefined) return substitute;
    const file = resolveAllowed(request);
    if (file !== null && !isInstalledPackageFile(file)) throw reportViolation(violations.restrictedModule(reported));
    return loadAllowed(request);
  };
}

/**
 * A non-builtin loads only from an installed package: a file under a node_modules directory, outside the
 * runner's own. The runner's package.json names it, so without this `require('@edgeql/node-js/...')`
 * would resolve to the runner itself (a package may require itself by name) and hand out its modules.
 */
function isInstalledPackageFile(file) {
  const inPackages = StringPrototypeIndexOf(file, NODE_MODULES_SEGMENT) >= 0;
  const runnersOwn = StringPrototypeStartsWith(file, RUNNER_DIR) && !StringPrototypeStartsWith(file, RUNNER_PACKAGES);
  return inPackages && !runnersOwn;
}

/** The file a non-builtin request resolves to; null for a builtin (and for what does not resolve: loading says so). */
function resolveAllowed(request) {
  if (Module.isBuiltin(request)) return null;
  try {
    return loadFromRunner.resolve(request);
  } catch {
    return null;
  }
}

// Node's message for a missing package names the runner's file in its require stack; the user only
// needs the name they asked for. A package that fails to find one of its own files keeps its message.
function loadAllowed(request) {
  try {
    return loadFromRunner(request);
  } catch (err) {
    const missing = `Cannot find module '${request}'`;
    if (err?.code !== 'MODULE_NOT_FOUND' || !StringPrototypeStartsWith(err.message, missing)) throw err;
    const notFound = new Error(missing);
    notFound.code = 'MODULE_NOT_FOUND';
    throw notFound;
  }
}

module.exports = { createGuardedRequire };
