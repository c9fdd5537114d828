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
