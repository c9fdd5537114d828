// The guard user code gets as `require`: it reports and refuses what the module rules refuse, and loads
// the rest from beside the runner.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { createGuardedRequire } = require('../lib/worker/guardedRequire.js');

const policy = (overrides = {}) => ({ enableNetworking: false, enableFileSystem: false, allowedModules: null, ...overrides });

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
      {
        type: 'RESTRICTED_MODULE',
        message: "RESTRICTED_MODULE: Access to module 'fs' is not allowed in sandbox",
        details: { module: 'fs' },
      },
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
