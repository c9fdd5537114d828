'use strict';
// The only `require` user code gets: decides from the job's flags and allowlist whether a module may
// load, reports a refusal as a violation, and loads what is allowed from the runner's own directory.

const Module = require('node:module');
const path = require('node:path');
const { ALWAYS_BLOCKED_MODULES, NETWORK_MODULES, FILE_SYSTEM_MODULES, violations } = require('./protocol');
const { clip } = require('./clip');
const {
  ArrayPrototypeIncludes,
  StringPrototypeIndexOf,
  StringPrototypeSlice,
  StringPrototypeStartsWith,
} = require('./hostIntrinsics');

// Legacy builtin names for parts of other builtins: without these, `_http_client` would be an HTTP
// client that no network rule covers, and `sys` would dodge an allowlist that leaves out `util`.
const BUILTIN_ALIASES = Object.freeze({
  __proto__: null,
  sys: 'util',
  _http_agent: 'http',
  _http_client: 'http',
  _http_common: 'http',
  _http_incoming: 'http',
  _http_outgoing: 'http',
  _http_server: 'http',
  _stream_duplex: 'stream',
  _stream_passthrough: 'stream',
  _stream_readable: 'stream',
  _stream_transform: 'stream',
  _stream_writable: 'stream',
  _stream_wrap: 'net',
  _tls_common: 'tls',
  _tls_wrap: 'tls',
});

const MAX_REPORTED_NAME_CHARS = 200;

// Resolution starts in the runner's directory, so only builtins and the packages installed next to the
// runner (/opt/edgeql/node_modules in the image) can load, never a file of the user's choosing.
const loadFromRunner = Module.createRequire(path.join(__dirname, '..', 'SandboxRunner.js'));
const RUNNER_DIR = path.join(__dirname, '..') + path.sep;
const NODE_MODULES_SEGMENT = `${path.sep}node_modules${path.sep}`;
const RUNNER_PACKAGES = `${RUNNER_DIR}node_modules${path.sep}`;

/**
 * `node:fs/promises` → { name: 'fs/promises', base: 'fs' }; `@scope/pkg/sub` → base '@scope/pkg'.
 * A path (absolute, relative, or with a `.` or `..` segment anywhere) gets base null: it never loads.
 * Written without arrays or String.prototype.split, whose behaviour user code could have rewritten.
 */
function normalizeModuleName(request) {
  const name = StringPrototypeStartsWith(request, 'node:') ? StringPrototypeSlice(request, 5) : request;
  if (name === '' || name[0] === '/') return { name, base: null };
  const baseSegments = name[0] === '@' ? 2 : 1;
  let base = name;
  for (let start = 0, index = 0; start <= name.length; index++) {
    let end = StringPrototypeIndexOf(name, '/', start);
    if (end === -1) end = name.length;
    const segment = StringPrototypeSlice(name, start, end);
    if (segment === '.' || segment === '..') return { name, base: null };
    if (index === baseSegments - 1) base = StringPrototypeSlice(name, 0, end);
    start = end + 1;
  }
  return { name, base: BUILTIN_ALIASES[base] ?? base };
}

/**
 * Pure: whether `request` may load under `policy`. Blocked lists come first, then the flags that
 * unblock network and file-system modules, then the allowlist (null means no allowlist).
 * @returns {{ verdict: 'allow' | 'restricted' | 'unauthorized', name: string, base: string | null }}
 */
function decideModule(request, { enableNetworking, enableFileSystem, allowedModules }) {
  const { name, base } = normalizeModuleName(request);
  const decided = (verdict) => ({ verdict, name, base });
  if (base === null || ArrayPrototypeIncludes(ALWAYS_BLOCKED_MODULES, base)) return decided('restricted');
  if (ArrayPrototypeIncludes(NETWORK_MODULES, base)) return decided(enableNetworking ? 'allow' : 'restricted');
  if (ArrayPrototypeIncludes(FILE_SYSTEM_MODULES, base)) return decided(enableFileSystem ? 'allow' : 'restricted');
  if (allowedModules !== null && !isListed(base, allowedModules)) return decided('unauthorized');
  return decided('allow');
}

function isListed(base, allowedModules) {
  for (let i = 0; i < allowedModules.length; i++) {
    if (normalizeModuleName(allowedModules[i]).base === base) return true;
  }
  return false;
}

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

module.exports = { normalizeModuleName, decideModule, createGuardedRequire };
