'use strict';
// The pure module decision: from the job's flags and allowlist, whether a name may load. The guard in
// the worker applies it to every require; the service's pre-flight check applies it to literal requires
// (package export "@edgeql/node-js/moduleRules"), so both decide alike.

const { isBuiltin } = require('node:module');
const { ALWAYS_BLOCKED_MODULES, NETWORK_MODULES, FILE_SYSTEM_MODULES, UNFLAGGED_BUILTIN_MODULES } = require('../protocol');
const { ArrayPrototypeIncludes, StringPrototypeIndexOf, StringPrototypeSlice, StringPrototypeStartsWith } = require('./hostIntrinsics');

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
 * unblock network and file-system modules, then any other builtin of this Node (or any `node:` name) that
 * UNFLAGGED_BUILTIN_MODULES leaves out, then the allowlist (null means no allowlist).
 * @returns {{ verdict: 'allow' | 'restricted' | 'unauthorized', name: string, base: string | null }}
 */
function decideModule(request, { enableNetworking, enableFileSystem, allowedModules }) {
  const { name, base } = normalizeModuleName(request);
  const decided = (verdict) => ({ verdict, name, base });
  if (base === null || ArrayPrototypeIncludes(ALWAYS_BLOCKED_MODULES, base)) return decided('restricted');
  if (ArrayPrototypeIncludes(NETWORK_MODULES, base)) return decided(enableNetworking ? 'allow' : 'restricted');
  if (ArrayPrototypeIncludes(FILE_SYSTEM_MODULES, base)) return decided(enableFileSystem ? 'allow' : 'restricted');
  const builtin = StringPrototypeStartsWith(request, 'node:') || isBuiltin(name);
  if (builtin && !ArrayPrototypeIncludes(UNFLAGGED_BUILTIN_MODULES, base)) return decided('restricted');
  if (allowedModules !== null && !isListed(base, allowedModules)) return decided('unauthorized');
  return decided('allow');
}

function isListed(base, allowedModules) {
  for (let i = 0; i < allowedModules.length; i++) {
    if (normalizeModuleName(allowedModules[i]).base === base) return true;
  }
  return false;
}

module.exports = { normalizeModuleName, decideModule };
