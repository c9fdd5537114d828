// Which modules user code may load: the pure decision shared by the guard and the service's pre-flight check.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { normalizeModuleName, decideModule } = require('../lib/worker/moduleRules.js');

const policy = (overrides = {}) => ({ enableNetworking: false, enableFileSystem: false, allowedModules: null, ...overrides });

describe('normalizeModuleName', () => {
  it.each([
    ['lodash', 'lodash', 'lodash'],
    ['lodash/fp', 'lodash/fp', 'lodash'],
    ['node:fs', 'fs', 'fs'],
    ['fs/promises', 'fs/promises', 'fs'],
    ['node:fs/promises', 'fs/promises', 'fs'],
    ['@scope/pkg', '@scope/pkg', '@scope/pkg'],
    ['@scope/pkg/deep/file.js', '@scope/pkg/deep/file.js', '@scope/pkg'],
    ['@scope', '@scope', '@scope'],
    ['lodash/', 'lodash/', 'lodash'],
    ['sys', 'sys', 'util'],
    ['_http_client', '_http_client', 'http'],
    ['node:_tls_wrap', '_tls_wrap', 'tls'],
  ])('%s → name %s, base %s', (request, name, base) => {
    expect(normalizeModuleName(request)).toEqual({ name, base });
  });

  it.each(['', 'node:', '/etc/passwd', './x', '../x', '.', '..', 'lodash/../child_process', 'lodash/./x', 'node:./fs', '@scope/../x'])(
    '%j is a path, never a module',
    (request) => {
      expect(normalizeModuleName(request).base).toBeNull();
    },
  );
});

describe('decideModule', () => {
  it.each([
    ['child_process', policy({ enableNetworking: true, enableFileSystem: true })],
    ['node:worker_threads', policy()],
    ['vm', policy({ allowedModules: ['vm'] })],
    ['process', policy()],
    ['module', policy()],
    ['node:test', policy()],
    ['http', policy()],
    ['https', policy({ allowedModules: ['https'] })],
    ['_http_client', policy()],
    ['net', policy()],
    ['fs', policy()],
    ['node:fs', policy({ allowedModules: ['fs'] })],
    ['fs/promises', policy()],
    ['./local', policy()],
  ])('%s is restricted under %j', (request, p) => {
    expect(decideModule(request, p).verdict).toBe('restricted');
  });

  it.each([
    ['http', policy({ enableNetworking: true })],
    ['node:https', policy({ enableNetworking: true, allowedModules: ['lodash'] })],
    ['fs', policy({ enableFileSystem: true })],
    ['fs/promises', policy({ enableFileSystem: true, allowedModules: [] })],
    ['crypto', policy()],
    ['lodash', policy({ allowedModules: ['lodash'] })],
    ['lodash/fp', policy({ allowedModules: ['lodash'] })],
    ['crypto', policy({ allowedModules: ['node:crypto'] })],
    ['node:crypto', policy({ allowedModules: ['crypto'] })],
    ['sys', policy({ allowedModules: ['util'] })],
  ])('%s is allowed under %j', (request, p) => {
    expect(decideModule(request, p).verdict).toBe('allow');
  });

  it.each([
    ['crypto', ['lodash']],
    ['moment', ['lodash']],
    ['lodash', []],
    ['sys', ['lodash']],
  ])('%s is unauthorized with allowedModules %j', (request, allowedModules) => {
    expect(decideModule(request, policy({ allowedModules })).verdict).toBe('unauthorized');
  });
});

// A builtin loads only when a list of protocol.js names it, so one a newer Node adds is refused until it is
// put on one. These tests read the running Node's own builtins, so a new one shows up here, undecided.
describe('the builtins of this Node', () => {
  const { builtinModules } = require('node:module');
  const { ALWAYS_BLOCKED_MODULES, NETWORK_MODULES, FILE_SYSTEM_MODULES, UNFLAGGED_BUILTIN_MODULES } = require('../lib/protocol.js');
  const everything = policy({ enableNetworking: true, enableFileSystem: true });
  const listed = [...NETWORK_MODULES, ...FILE_SYSTEM_MODULES, ...UNFLAGGED_BUILTIN_MODULES];

  it.each(builtinModules.flatMap((name) => (name.startsWith('node:') ? [name] : [name, `node:${name}`])))(
    '%s loads only if a list names it, even with every flag on',
    (request) => {
      const { verdict, base } = decideModule(request, everything);
      expect(verdict).toBe(listed.includes(base) ? 'allow' : 'restricted');
    },
  );

  it.each(['node:sqlite', 'node:sea', 'node:test/reporters', 'node:inspector/promises', 'node:quic', 'node:not-yet-a-builtin'])(
    '%s is restricted, even with every flag on',
    (request) => {
      expect(decideModule(request, everything).verdict).toBe('restricted');
    },
  );

  it('lists only builtins of this Node, each on one list', () => {
    const all = [...ALWAYS_BLOCKED_MODULES, ...listed];
    expect(all.filter((name) => !builtinModules.includes(name) && !builtinModules.includes(`node:${name}`))).toEqual([]);
    expect(new Set(all).size).toBe(all.length);
  });
});
