// Which modules user code may load: the pure decision, and the guard that reports and refuses.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { normalizeModuleName, decideModule, createGuardedRequire } = require('../lib/guardedRequire.js');

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

describe('createGuardedRequire', () => {
  const guarded = (p) => {
    const reported = [];
    const requireInSandbox = createGuardedRequire(policy(p), (violation) => {
      reported.push(violation);
      return new Error(violation.message);
    });
    return { requireInSandbox, reported };
  };

  it('loads allowed packages from beside the runner', () => {
    const { requireInSandbox, reported } = guarded({ allowedModules: ['lodash', 'moment'] });
    expect(requireInSandbox('lodash').sum([1, 2, 3])).toBe(6);
    expect(requireInSandbox('moment').utc('2024-02-29').year()).toBe(2024);
    expect(reported).toEqual([]);
  });

  it('reports a restricted module before throwing', () => {
    const { requireInSandbox, reported } = guarded({});
    expect(() => requireInSandbox('node:fs')).toThrow("RESTRICTED_MODULE: Access to module 'fs' is not allowed in sandbox");
    expect(reported).toEqual([
      { type: 'RESTRICTED_MODULE', message: "RESTRICTED_MODULE: Access to module 'fs' is not allowed in sandbox", details: { module: 'fs' } },
    ]);
  });

  it('reports an unlisted module with the allowlist', () => {
    const { requireInSandbox, reported } = guarded({ allowedModules: ['lodash'] });
    expect(() => requireInSandbox('crypto')).toThrow("UNAUTHORIZED_MODULE: Module 'crypto' not in allowed modules list");
    expect(reported[0].details).toEqual({ module: 'crypto', allowedModules: ['lodash'] });
  });

  it('says a missing package is missing, without the runner’s paths', () => {
    const { requireInSandbox, reported } = guarded({});
    const err = (() => {
      try {
        requireInSandbox('no-such-package-here');
      } catch (e) {
        return e;
      }
    })();
    expect(err.message).toBe("Cannot find module 'no-such-package-here'");
    expect(err.code).toBe('MODULE_NOT_FOUND');
    expect(reported).toEqual([]);
  });

  it('keeps deciding correctly after user code rewrites String and Array prototypes', () => {
    const { requireInSandbox, reported } = guarded({});
    const saved = { startsWith: String.prototype.startsWith, slice: String.prototype.slice, includes: Array.prototype.includes };
    let loaded;
    String.prototype.startsWith = () => false;
    String.prototype.slice = () => 'lodash';
    Array.prototype.includes = () => false;
    try {
      loaded = requireInSandbox('node:child_process');
    } catch {
      loaded = null;
    } finally {
      Object.assign(String.prototype, { startsWith: saved.startsWith, slice: saved.slice });
      Array.prototype.includes = saved.includes;
    }
    expect(loaded).toBeNull();
    expect(reported.map((v) => v.message)).toEqual(["RESTRICTED_MODULE: Access to module 'child_process' is not allowed in sandbox"]);
  });

  it('refuses a name that is not a string', () => {
    const { requireInSandbox } = guarded({});
    expect(() => requireInSandbox({ toString: () => 'fs' })).toThrow(TypeError);
  });

  it('shortens an absurdly long name in the report', () => {
    const { requireInSandbox, reported } = guarded({});
    expect(() => requireInSandbox(`./${'x'.repeat(100_000)}`)).toThrow();
    expect(reported[0].details.module.length).toBeLessThanOrEqual(201);
  });
});
