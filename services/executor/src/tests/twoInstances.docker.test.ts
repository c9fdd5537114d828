// Two services on one Docker engine, with different instance ids and different limits: neither's age
// sweep removes the other's legitimate long-lived sandboxes, and a clean stop removes the shared network
// and its egress rules only once no sandbox of the other is on it. The real engine and the real firewall.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { LABEL } from '../docker/labels.js';
import { chainNames } from '../hardening/egressRules.js';
import { isGvisor } from '../hardening/hostConfig.js';
import { bridgeInterface } from '../hardening/sandboxNetwork.js';
import { longestSandboxLifeMs } from '../sandboxes/deadlines.js';
import { executeOk } from './http.js';
import { testApp } from './testConfig.js';

const run = promisify(execFile);
const NET = `edgeql-test-two-${randomUUID().slice(0, 8)}`;
/** the same network, pool off (each run's sandbox is its own), different limits */
const env = (maxTimeSec: number) => ({ EXECUTOR_NETWORK: NET, EXECUTOR_POOL_SIZE: '0', EXECUTOR_MAX_TIME_LIMIT_SEC: String(maxTimeSec) });

let clockShiftMs = 0;
const apps: Array<Awaited<ReturnType<typeof testApp>>> = [];
afterAll(async () => {
  for (const t of apps) await t.app.close();
  for (const t of apps) expect(await t.leftBehind(), 'every sandbox is removed').toEqual([]);
  await apps[0]?.executor.network.release(AbortSignal.timeout(30_000));
});

describe('two services on one engine', () => {
  it("an age sweep keeps the other's long-lived sandbox: each is judged by its own creator's limit", async () => {
    const short = await testApp({ env: env(5), now: () => Date.now() + clockShiftMs });
    const long = await testApp({ env: env(60) });
    apps.push(short, long);
    const shortLife = longestSandboxLifeMs(short.config);
    expect(longestSandboxLifeMs(long.config)).toBeGreaterThan(shortLife + 30_000);

    // A run of the long-limit service in flight while the other sweeps, as if its sandbox were older
    // than the short-limit service's longest life (its clock is moved forward, not waited for).
    const longRun = executeOk(long.app, { code: 'await new Promise((r) => setTimeout(r, 4000)); return "finished";', timeLimit: 30 });
    let theirs: string[] = [];
    for (let i = 0; i < 50 && theirs.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      theirs = await long.leftBehind();
    }
    expect(theirs, 'the long run has its sandbox').toHaveLength(1);
    const [info] = await long.executor.engine.listByLabel(`${LABEL.createdBy}=${long.instanceId}`, AbortSignal.timeout(10_000));
    expect(Number(info?.labels[LABEL.maxAgeSec])).toBe(Math.ceil(longestSandboxLifeMs(long.config) / 1000));

    clockShiftMs = shortLife + 10_000;
    await short.executor.janitor.sweep();
    expect(await long.leftBehind(), "the other's sandbox is still there").toEqual(theirs);
    expect(await longRun).toMatchObject({ success: true, result: 'finished' });
  });

  it('a clean stop leaves the network and its rules to a service still using them, and the last one removes both', async () => {
    const [first, second] = apps as [Awaited<ReturnType<typeof testApp>>, Awaited<ReturnType<typeof testApp>>];
    if (isGvisor(first.config.sandbox.runtime)) {
      // gVisor registered with --network=none serves no networking-enabled run (the stated difference).
      await expect(first.executor.network.ensure(AbortSignal.timeout(10_000))).rejects.toMatchObject({ code: 'NETWORKING_UNAVAILABLE' });
      return;
    }
    await first.executor.network.ensure(AbortSignal.timeout(30_000));
    const net = await first.executor.engine.inspectNetwork(NET, AbortSignal.timeout(10_000));
    const bridge = bridgeInterface(net!);
    const rules = async () => (await run('iptables-save')).stdout;
    expect(await rules(), 'the egress rules are in force').toContain(chainNames(bridge).forward);

    // The second service has a networking-enabled run in flight while the first stops cleanly.
    const inFlight = executeOk(second.app, {
      enableNetworking: true,
      code: 'await new Promise((r) => setTimeout(r, 3000)); return Object.keys(require("os").networkInterfaces()).sort();',
    });
    for (let i = 0; i < 50 && (await second.leftBehind()).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    await first.app.close();
    expect(await first.executor.network.release(AbortSignal.timeout(10_000))).toBe('in use');
    expect(await rules(), 'the rules stay while the other service uses the network').toContain(chainNames(bridge).forward);
    expect(await inFlight).toMatchObject({ success: true, result: ['eth0', 'lo'] });

    // The second service stops cleanly too, and it is the last: network and rules go.
    await second.app.close();
    expect(await second.executor.network.release(AbortSignal.timeout(10_000))).toBe('removed');
    expect(await second.executor.engine.inspectNetwork(NET, AbortSignal.timeout(10_000))).toBeUndefined();
    expect(await rules(), 'no rule for the released bridge is left').not.toContain(chainNames(bridge).forward);
  });
});
