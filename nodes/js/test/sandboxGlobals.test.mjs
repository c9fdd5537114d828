// The manifest of what user code is handed: the user realm gets exactly its globals, and the host realm's
// hardening freezes every host object on it. The names checked come from the manifest, never from a list
// here, so a global added to it is covered by these tests as it is by the hardening.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { MANIFEST, REACHED } = require('../lib/worker/sandboxGlobals.js');
const MODULES = {
  sandboxGlobals: require.resolve('../lib/worker/sandboxGlobals.js'),
  hardenHostRealm: require.resolve('../lib/worker/hardenHostRealm.js'),
};

/**
 * Runs `probe` in a fresh worker thread, whose host realm it may harden without touching the test's own,
 * and resolves with what it returns ({ value }) or throws ({ error }). The probe is compiled with the
 * worker's script, before the hardening takes code generation away.
 */
function inWorker(probe) {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const sandboxGlobals = require(workerData.sandboxGlobals);
    const { hardenHostRealm } = require(workerData.hardenHostRealm);
    const harden = () => hardenHostRealm(() => new Error('dynamic code'), sandboxGlobals.hostObjectsHandedOut());
    const create = (enableNetworking) =>
      sandboxGlobals.createSandboxGlobals({
        hostProcess: process,
        console: Object.freeze({ log() {} }),
        enableNetworking,
        reportViolation: (violation) => new Error(violation.message),
      });
    const probe = ${probe};
    let answer;
    try {
      answer = { value: probe({ ...sandboxGlobals, harden, create }) };
    } catch (err) {
      answer = { error: String(err?.message) };
    }
    parentPort.postMessage(answer);`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData: MODULES, env: {} });
    worker.once('message', (answer) => {
      void worker.terminate();
      resolve(answer);
    });
    worker.once('error', reject);
  });
}

const names = (entries) => entries.map((entry) => entry.name);
/** The host objects on the manifest that must be frozen, by the manifest's own marks. */
const mustBeFrozen = [...names(MANIFEST.filter((e) => e.from !== 'made' && e.unfrozen === undefined)), ...REACHED];

describe('the manifest', () => {
  it('is what the user realm is given, in its order, with and without networking', async () => {
    const { value } = await inWorker(({ harden, create }) => {
      harden();
      return { on: Object.keys(create(true)), off: Object.keys(create(false)) };
    });
    expect(value.on).toEqual(names(MANIFEST));
    expect(value.off).toEqual(names(MANIFEST.filter((e) => e.networking !== 'only')));
  });

  it('has each host object on it frozen by the host realm’s hardening, its prototype too, and none before', async () => {
    expect(mustBeFrozen.length).toBeGreaterThan(10);
    const { value } = await inWorker(({ MANIFEST, REACHED, harden }) => {
      const onManifest = MANIFEST.filter((e) => e.from !== 'made' && e.unfrozen === undefined).map((e) => e.name);
      const toFreeze = [...onManifest, ...REACHED];
      const frozen = () =>
        Object.fromEntries(
          toFreeze.map((name) => {
            const v = globalThis[name];
            return [name, Object.isFrozen(v) && (v.prototype === undefined || Object.isFrozen(v.prototype))];
          }),
        );
      const before = frozen();
      harden();
      return { before, after: frozen() };
    });
    expect(Object.keys(value.after)).toEqual(mustBeFrozen);
    expect(Object.values(value.before).filter(Boolean)).toEqual([]);
    expect(Object.entries(value.after).filter(([, isFrozen]) => !isFrozen)).toEqual([]);
  });

  it('lets no host object on it out unfrozen: one the hardening missed stops the set-up', async () => {
    const { error } = await inWorker(({ MANIFEST, harden, create }) => {
      harden();
      const missed = MANIFEST.filter((e) => e.from === 'host' && e.unfrozen === undefined).at(-1).name;
      Object.defineProperty(globalThis, missed, { value: function stand() {}, writable: true, configurable: true });
      return create(false);
    });
    const missed = MANIFEST.filter((e) => e.from === 'host' && e.unfrozen === undefined).at(-1).name;
    expect(error).toBe(`the sandbox would hand out ${missed} unfrozen: the host realm is not hardened`);
  });

  it('refuses to hand anything out from a host realm that was never hardened', async () => {
    const { error } = await inWorker(({ create }) => create(true));
    expect(error).toMatch(/^the sandbox would hand out \w+ unfrozen/);
  });

  it('replaces the host global’s own values where it says so, and only where the sandbox’s differ', async () => {
    const { value } = await inWorker(({ harden, create, hostGlobalStandIns }) => {
      harden();
      const replaced = (enableNetworking) => hostGlobalStandIns(create(enableNetworking)).map(([name]) => name);
      return { on: replaced(true), off: replaced(false) };
    });
    expect(value.off).toEqual(names(MANIFEST.filter((e) => e.onHostGlobal)));
    expect(value.on).toEqual(names(MANIFEST.filter((e) => e.onHostGlobal && e.from === 'made')));
  });
});
