// Installs the egress policy (egressRules.ts) for the sandbox bridge in the host's firewall, and keeps what
// happened for /health: networking-enabled runs are refused while it is not in force, unless the
// deployment opted out (EXECUTOR_EGRESS_ENFORCE=false).
import { execFile } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Logger } from 'pino';
import { chainNames, restoreText, type AllowEntry, type EgressPolicy } from './egressRules.js';

const COMMAND_MS = 10_000;

export interface EgressSettings {
  enforce: boolean;
  allow: readonly AllowEntry[];
  otherwise: 'allow' | 'deny';
}

export type EgressState =
  | { state: 'pending' }
  | { state: 'enforced'; bridge: string; allow: string[]; otherwise: 'allow' | 'deny'; ipv6: boolean }
  | { state: 'failed'; bridge?: string; reason: string };

function run(cmd: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { timeout: COMMAND_MS }, (err, stdout, stderr) => {
      if (err)
        reject(
          Object.assign(new Error(`${cmd} ${args.join(' ')}: ${(stderr || err.message).trim()}`), {
            code: (err as NodeJS.ErrnoException).code,
          }),
        );
      else resolve(stdout);
    });
    // A command that exits without reading its stdin must not turn into an unhandled EPIPE.
    child.stdin?.on('error', () => undefined).end(input ?? '');
  });
}

/** The subnets of this host's interfaces (not loopback), as CIDRs: the host's LAN is denied like the private ranges. */
export function hostSubnets(): string[] {
  const out = new Set<string>();
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) if (!a.internal && a.cidr) out.add(networkOf(a.cidr));
  }
  return [...out].sort();
}

/** 192.0.2.2/24 → 192.0.2.0/24; IPv6 is left as the kernel wrote it (iptables masks it itself). */
function networkOf(cidr: string): string {
  const [addr, bits] = cidr.split('/') as [string, string];
  if (isIP(addr) !== 4) return cidr;
  const n = addr.split('.').reduce((acc, o) => (acc << 8) | Number(o), 0) >>> 0;
  const mask = Number(bits) === 0 ? 0 : (0xffffffff << (32 - Number(bits))) >>> 0;
  const net = (n & mask) >>> 0;
  return `${[24, 16, 8, 0].map((s) => (net >>> s) & 255).join('.')}/${bits}`;
}

async function resolveAllow(allow: readonly AllowEntry[]): Promise<EgressPolicy['allow']> {
  const out: EgressPolicy['allow'] = [];
  for (const a of allow) {
    const [addr] = a.target.split('/');
    const addrs = isIP(addr!) ? [a.target] : (await lookup(a.target, { all: true })).map((r) => r.address);
    for (const cidr of addrs) out.push({ cidr, ...(a.port !== undefined ? { port: a.port } : {}) });
  }
  return out;
}

/** Adds `-j target` for packets from the bridge to `chain` at its head, unless it is there already. */
async function ensureJump(cmd: string, chain: string, bridge: string, target: string) {
  const rule = ['-i', bridge, '-j', target];
  try {
    await run(cmd, ['-w', '5', '-C', chain, ...rule]);
  } catch {
    await run(cmd, ['-w', '5', '-I', chain, '1', ...rule]);
  }
}

export class EgressGuard {
  #state: EgressState = { state: 'pending' };

  constructor(
    readonly settings: EgressSettings,
    private readonly log: Logger,
  ) {}

  get status(): EgressState & { enforce: boolean } {
    return { ...this.#state, enforce: this.settings.enforce };
  }

  /** Whether networking-enabled runs may go ahead: the rules are in force, or the deployment opted out. */
  get allowsNetworking(): boolean {
    return this.#state.state === 'enforced' || !this.settings.enforce;
  }

  /** Takes this bridge's rules out (its network is being removed); the guard is pending again. */
  async remove(bridge: string): Promise<void> {
    await removeEgressRules(bridge);
    this.#state = { state: 'pending' };
  }

  /** Installs (or re-installs, atomically) the rules for `bridge`; never throws, records the outcome. */
  async install(bridge: string): Promise<EgressState> {
    try {
      // A service in a container of its own sees its own network namespace: rules there would hold nothing.
      if (!existsSync(`/sys/class/net/${bridge}`)) {
        throw new Error(
          `the sandbox bridge ${bridge} is not in this network namespace (is the service in a container? run it on the host, or with --network host and NET_ADMIN)`,
        );
      }
      const policy: EgressPolicy = {
        bridge,
        allow: await resolveAllow(this.settings.allow),
        otherwise: this.settings.otherwise,
        hostSubnets: hostSubnets(),
      };
      const { forward, input } = chainNames(bridge);
      await run('iptables', ['-w', '5', '-n', '-L', 'DOCKER-USER']).catch((err: Error) => {
        throw new Error(`Docker's DOCKER-USER chain is not there (dockerd with --iptables=false?, no iptables?): ${err.message}`);
      });
      await run('iptables-restore', ['-w', '5', '--noflush'], restoreText(policy, 4));
      await ensureJump('iptables', 'DOCKER-USER', bridge, forward);
      await ensureJump('iptables', 'INPUT', bridge, input);
      // IPv6: Docker does not manage ip6tables here, so our chains hang off FORWARD and INPUT directly.
      let ipv6 = true;
      try {
        await run('ip6tables-restore', ['-w', '5', '--noflush'], restoreText(policy, 6));
        await ensureJump('ip6tables', 'FORWARD', bridge, forward);
        await ensureJump('ip6tables', 'INPUT', bridge, input);
      } catch (err) {
        if (existsSync('/proc/net/if_inet6')) throw err; // the host speaks IPv6: the rules are needed
        ipv6 = false;
      }
      this.#state = { state: 'enforced', bridge, allow: this.settings.allow.map((a) => a.text), otherwise: this.settings.otherwise, ipv6 };
      this.log.info({ egress: this.#state }, 'egress rules for the sandbox bridge are in force');
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.#state = { state: 'failed', bridge, reason };
      if (this.settings.enforce)
        this.log.error({ egress: this.#state }, 'cannot install the egress rules: networking-enabled runs are refused');
      else
        this.log.warn(
          { egress: this.#state },
          'cannot install the egress rules; EXECUTOR_EGRESS_ENFORCE=false, so networking-enabled runs go ahead without them',
        );
    }
    return this.#state;
  }
}

/** Takes the rules for `bridge` out again (a released network; tests). Missing pieces are fine. */
export async function removeEgressRules(bridge: string): Promise<void> {
  const { forward, input } = chainNames(bridge);
  for (const [cmd, fwd] of [
    ['iptables', 'DOCKER-USER'],
    ['ip6tables', 'FORWARD'],
  ] as const) {
    for (const [chain, target] of [
      [fwd, forward],
      ['INPUT', input],
    ] as const) {
      await run(cmd, ['-w', '5', '-D', chain, '-i', bridge, '-j', target]).catch(() => undefined);
      await run(cmd, ['-w', '5', '-F', target]).catch(() => undefined);
      await run(cmd, ['-w', '5', '-X', target]).catch(() => undefined);
    }
  }
}
