// Egress with networking on, against the real engine and the host's real firewall: from a sandbox on its
// own bridge, the host (gateway and LAN address), another sandbox, the metadata address and a private
// address are refused; the allowlisted host port and private port are reached; a control container on
// Docker's default bridge (no rules) reaches the same servers, so the refusals are the rules' doing.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { networkInterfaces } from 'node:os';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EgressGuard, removeEgressRules } from '../hardening/egress.js';
import { chainNames, parseEgressAllow } from '../hardening/egressRules.js';
import { LABEL } from '../docker/labels.js';
import { bridgeInterface } from '../hardening/sandboxNetwork.js';
import { TEST_IMAGE, testApp } from './testConfig.js';

const sh = promisify(execFile);
const run = (cmd: string, ...args: string[]) => sh(cmd, args, { timeout: 15_000 });

const r = randomInt(100, 250);
const NET = `edgeql-egress-test-${r}`;
const SUBNET = `10.214.${r}.0/24`;
const GATEWAY = `10.214.${r}.1`;
// A network namespace behind a veth pair stands for the rest of the world: a private address and a public-looking one.
const NS = `eqt-${r}`;
const VETH_HOST = `eqh-${r}`;
const VETH_NS = `eqn-${r}`;
const NS_PRIVATE = `10.213.${r}.2`;
const NS_PUBLIC = `198.51.100.${r}`; // TEST-NET-2: outside every denied range
const NS_PORT_DENIED = 18081;
const NS_PORT_ALLOWED = 18082;
const HOST_LAN = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && !a.internal && a.family === 'IPv4' && a.address !== GATEWAY && !/^(172\.1[78]|10\.21[34])\./.test(a.address))!.address;

const NS_SERVER = `
const net = require('net');
let n = 0;
for (const port of [${NS_PORT_DENIED}, ${NS_PORT_ALLOWED}]) net.createServer((s) => s.end('ns:' + port)).listen(port, '0.0.0.0', () => { if (++n === 2) console.log('ready'); });
setTimeout(() => process.exit(0), 600000);
`;

/** The probe the sandbox (and the control container) runs: connect to each target, report what happened. */
const PROBE = `
const net = require('net');
const probe = (host, port) => new Promise((resolve) => {
  const s = net.connect({ host, port, timeout: 3000 });
  let data = '';
  s.on('data', (d) => { data += d; });
  s.on('end', () => resolve('ok:' + data));
  s.on('timeout', () => { s.destroy(); resolve('timeout'); });
  s.on('error', (e) => resolve(e.code));
});
const targets = TARGETS;
const out = {};
await Promise.all(Object.entries(targets).map(async ([k, [h, p]]) => { out[k] = await probe(h, p); }));
return out;
`;
const probeCode = (targets: Record<string, [string, number]>) => PROBE.replace('TARGETS', JSON.stringify(targets));

let t: Awaited<ReturnType<typeof testApp>>;
let nsServer: ChildProcess | undefined;
const servers: Server[] = [];
const accepted = new Map<string, number>();
let bridge = '';
let otherSandbox = '';
let otherSandboxIp = '';
const ports = { gatewayDenied: 0, gatewayAllowed: 0, lan: 0 };

async function hostServer(name: keyof typeof ports, host: string): Promise<void> {
  const server = createServer((s) => {
    accepted.set(name, (accepted.get(name) ?? 0) + 1);
    s.end('host');
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, host, resolve));
  servers.push(server);
  ports[name] = (server.address() as { port: number }).port;
}

async function setUpNamespace() {
  await run('ip', 'netns', 'add', NS);
  await run('ip', 'link', 'add', VETH_HOST, 'type', 'veth', 'peer', 'name', VETH_NS);
  await run('ip', 'link', 'set', VETH_NS, 'netns', NS);
  await run('ip', 'addr', 'add', `10.213.${r}.1/30`, 'dev', VETH_HOST);
  await run('ip', 'link', 'set', VETH_HOST, 'up');
  const inNs = (...a: string[]) => run('ip', 'netns', 'exec', NS, ...a);
  await inNs('ip', 'addr', 'add', `${NS_PRIVATE}/30`, 'dev', VETH_NS);
  await inNs('ip', 'addr', 'add', `${NS_PUBLIC}/32`, 'dev', VETH_NS);
  await inNs('ip', 'link', 'set', VETH_NS, 'up');
  await inNs('ip', 'link', 'set', 'lo', 'up');
  await inNs('ip', 'route', 'add', 'default', 'via', `10.213.${r}.1`);
  await run('ip', 'route', 'add', `${NS_PUBLIC}/32`, 'via', NS_PRIVATE, 'dev', VETH_HOST);
  nsServer = spawn('ip', ['netns', 'exec', NS, process.execPath, '-e', NS_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the namespace server did not start in 10 s')), 10_000);
    nsServer!.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

beforeAll(async () => {
  await setUpNamespace();
  // The sandbox network, made as the service makes it but with a subnet we know, so the gateway can be allowlisted.
  await run(
    'docker',
    'network',
    'create',
    '--driver',
    'bridge',
    '--subnet',
    SUBNET,
    '--gateway',
    GATEWAY,
    '--opt',
    'com.docker.network.bridge.enable_icc=false',
    '--label',
    `${LABEL.managed}=true`,
    NET,
  );
  await hostServer('gatewayDenied', GATEWAY);
  await hostServer('gatewayAllowed', GATEWAY);
  await hostServer('lan', HOST_LAN);
  t = await testApp({
    env: {
      EXECUTOR_NETWORK: NET,
      EXECUTOR_EGRESS_ALLOW: `${GATEWAY}:${ports.gatewayAllowed}, ${NS_PRIVATE}:${NS_PORT_ALLOWED}`,
    },
  });
  await t.executor.network.ensure(AbortSignal.timeout(30_000));
  const net = await t.executor.engine.inspectNetwork(NET, AbortSignal.timeout(10_000));
  if (!net) throw new Error(`the network ${NET} is not there`);
  bridge = bridgeInterface(net);
  // Another sandbox on the same network, serving on a port.
  const { stdout } = await run(
    'docker',
    'run',
    '-d',
    '--network',
    NET,
    '--user',
    '1001:1001',
    '--label',
    `${LABEL.managed}=true`,
    '--label',
    `${LABEL.createdBy}=${t.instanceId}`,
    '--entrypoint',
    'node',
    TEST_IMAGE,
    '-e',
    "require('net').createServer((s) => s.end('sandbox')).listen(18090)",
  );
  otherSandbox = stdout.trim();
  otherSandboxIp = (
    await run('docker', 'inspect', '-f', `{{(index .NetworkSettings.Networks "${NET}").IPAddress}}`, otherSandbox)
  ).stdout.trim();
});

afterAll(async () => {
  await t?.app.close();
  if (otherSandbox) await run('docker', 'rm', '-f', otherSandbox).catch(() => undefined);
  expect(await t.leftBehind(), 'every sandbox is removed').toEqual([]);
  nsServer?.kill('SIGKILL');
  for (const s of servers) s.close();
  if (bridge) await removeEgressRules(bridge);
  await run('docker', 'network', 'rm', NET).catch(() => undefined);
  await run('ip', 'link', 'del', VETH_HOST).catch(() => undefined);
  await run('ip', 'netns', 'del', NS).catch(() => undefined);
  const { stdout: v4 } = await run('iptables-save');
  expect(v4, 'no rule for the test bridge is left').not.toContain(chainNames(bridge || 'none').forward);
  const { stdout: nets } = await run('ip', '-o', 'link');
  expect(nets).not.toContain(VETH_HOST);
});

const targets = () => ({
  gatewayDenied: [GATEWAY, ports.gatewayDenied] as [string, number],
  gatewayAllowed: [GATEWAY, ports.gatewayAllowed] as [string, number],
  hostLan: [HOST_LAN, ports.lan] as [string, number],
  privateDenied: [NS_PRIVATE, NS_PORT_DENIED] as [string, number],
  privateAllowed: [NS_PRIVATE, NS_PORT_ALLOWED] as [string, number],
  publicAddress: [NS_PUBLIC, NS_PORT_DENIED] as [string, number],
  metadata: ['169.254.169.254', 80] as [string, number],
  otherSandbox: [otherSandboxIp, 18090] as [string, number],
});

async function sandboxProbe(): Promise<Record<string, string>> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/execute',
    payload: { enableNetworking: true, timeLimit: 20, code: probeCode(targets()) },
  });
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as { success: boolean; result: Record<string, string> };
  expect(body.success, res.body).toBe(true);
  return body.result;
}

describe('egress from a networking-enabled sandbox', () => {
  it('the rules are in force and /health says so', async () => {
    expect(t.executor.egress.status).toMatchObject({ state: 'enforced', bridge, enforce: true, otherwise: 'allow' });
    const health = await t.app.inject({ method: 'GET', url: '/health' });
    expect(health.json().egress).toMatchObject({
      state: 'enforced',
      bridge,
      allow: [`${GATEWAY}:${ports.gatewayAllowed}`, `${NS_PRIVATE}:${NS_PORT_ALLOWED}`],
    });
    const { stdout } = await run('iptables', '-S', 'DOCKER-USER');
    expect(stdout).toContain(`-A DOCKER-USER -i ${bridge} -j ${chainNames(bridge).forward}`);
  });

  it('without the rules (a control container on Docker default bridge) the same targets answer', async () => {
    const { stdout } = await run(
      'docker',
      'run',
      '--rm',
      '--network',
      'bridge',
      '--user',
      '1001:1001',
      '--label',
      `${LABEL.managed}=true`,
      '--label',
      `${LABEL.createdBy}=${t.instanceId}`,
      '--entrypoint',
      'node',
      TEST_IMAGE,
      '-e',
      `(async () => {${probeCode({ gatewayDenied: targets().gatewayDenied, hostLan: targets().hostLan, privateDenied: targets().privateDenied })}})().then((r) => console.log(JSON.stringify(r)));`,
    );
    expect(JSON.parse(stdout)).toEqual({ gatewayDenied: 'ok:host', hostLan: 'ok:host', privateDenied: `ok:ns:${NS_PORT_DENIED}` });
  });

  it('reaches only the allowlisted host and private ports and public addresses', async () => {
    const before = { ...Object.fromEntries(accepted) };
    const result = await sandboxProbe();
    expect(result).toEqual({
      gatewayDenied: 'EHOSTUNREACH',
      gatewayAllowed: 'ok:host',
      hostLan: 'EHOSTUNREACH',
      privateDenied: 'EHOSTUNREACH',
      privateAllowed: `ok:ns:${NS_PORT_ALLOWED}`,
      publicAddress: `ok:ns:${NS_PORT_DENIED}`,
      metadata: 'EHOSTUNREACH',
      otherSandbox: 'EHOSTUNREACH',
    });
    expect((accepted.get('gatewayDenied') ?? 0) - (before.gatewayDenied ?? 0), 'the denied host server saw no connection').toBe(0);
    expect((accepted.get('lan') ?? 0) - (before.lan ?? 0)).toBe(0);
  });

  it('EXECUTOR_EGRESS_DEFAULT=deny: only the allowlist is reachable, public addresses too are refused', async () => {
    const guard = new EgressGuard(
      { enforce: true, otherwise: 'deny', allow: parseEgressAllow(`${NS_PRIVATE}:${NS_PORT_ALLOWED}`) },
      pino({ level: 'silent' }),
    );
    try {
      expect(await guard.install(bridge)).toMatchObject({ state: 'enforced', otherwise: 'deny' });
      const result = await sandboxProbe();
      expect(result).toMatchObject({
        publicAddress: 'EHOSTUNREACH',
        privateAllowed: `ok:ns:${NS_PORT_ALLOWED}`,
        gatewayAllowed: 'EHOSTUNREACH',
      });
    } finally {
      expect(await t.executor.egress.install(bridge)).toMatchObject({ state: 'enforced', otherwise: 'allow' });
    }
  });
});

describe('when the rules cannot be installed', () => {
  it('a bridge outside this network namespace is reported, not silently ignored', async () => {
    const guard = new EgressGuard({ enforce: true, otherwise: 'allow', allow: [] }, pino({ level: 'silent' }));
    const s = await guard.install('br-notinthisns');
    expect(s).toMatchObject({ state: 'failed', reason: expect.stringMatching(/not in this network namespace/) });
    expect(guard.allowsNetworking).toBe(false);
  });

  it.each([
    ['true', 503],
    ['false', 200],
  ])('EXECUTOR_EGRESS_ENFORCE=%s: a networking-enabled run gets %i', async (enforce, status) => {
    // A real failure: the allowlist names a host that does not resolve.
    const app = await testApp({
      env: { EXECUTOR_NETWORK: NET, EXECUTOR_EGRESS_ALLOW: 'no-such-host.invalid', EXECUTOR_EGRESS_ENFORCE: enforce },
    });
    try {
      const res = await app.app.inject({ method: 'POST', url: '/execute', payload: { enableNetworking: true, code: 'return 1' } });
      expect(res.statusCode, res.body).toBe(status);
      if (status === 503)
        expect(res.json()).toMatchObject({
          error: { type: 'NETWORKING_UNAVAILABLE', details: { reason: expect.stringMatching(/no-such-host/) } },
        });
      const health = await app.app.inject({ method: 'GET', url: '/health' });
      expect(health.json().egress).toMatchObject({ state: 'failed', enforce: enforce === 'true' });
      // Runs without networking are served either way.
      const off = await app.app.inject({ method: 'POST', url: '/execute', payload: { code: 'return 2' } });
      expect(off.json()).toMatchObject({ success: true, result: 2 });
    } finally {
      await app.app.close();
      expect(await app.leftBehind()).toEqual([]);
      // The failed install left the working rules of the main app in place.
      const { stdout } = await run('iptables', '-S', chainNames(bridge).forward);
      expect(stdout).toContain(`${GATEWAY}/32 -p tcp -m tcp --dport ${ports.gatewayAllowed} -j RETURN`);
    }
  });
});
