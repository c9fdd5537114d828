// Egress policy for networking-enabled sandboxes as data and as iptables-restore text: pure, so the rule
// set can be read and unit-tested apart from the code that installs it (egress.ts).
import { isIP } from 'node:net';

/** One allowlist entry: an address or CIDR (or a host name, resolved when the rules are installed), optionally one port. */
export interface AllowEntry {
  /** as written in EXECUTOR_EGRESS_ALLOW */
  text: string;
  /** an IP, a CIDR, or a host name */
  target: string;
  port?: number;
}

/** Private, shared, link-local (cloud metadata), loopback and multicast space: denied unless allowlisted. */
export const DENIED_V4 = Object.freeze([
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '169.254.0.0/16', // 169.254.169.254, the cloud metadata address
  '0.0.0.0/8',
  '127.0.0.0/8',
  '224.0.0.0/4',
]);
/** Unique local, link-local, loopback, and the prefixes that map onto IPv4 (which could reach the ranges above). */
export const DENIED_V6 = Object.freeze(['fc00::/7', 'fe80::/10', '::1/128', '::ffff:0:0/96', '64:ff9b::/96', 'ff00::/8']);

export class EgressAllowError extends Error {
  override name = 'EgressAllowError';
}

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/**
 * Parses "1.2.3.4, 10.0.0.0/8:443, [fd00::1]:53, fd00::/64, api.example.com:443" (commas or spaces). IPv6
 * with a port goes in brackets.
 */
export function parseEgressAllow(list: string): AllowEntry[] {
  return list
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((text) => {
      let target = text;
      let portText: string | undefined;
      const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
      if (bracketed) {
        target = bracketed[1]!;
        portText = bracketed[2];
      } else if ((text.match(/:/g) ?? []).length === 1) {
        [target, portText] = text.split(':') as [string, string];
      }
      const [addr, prefix, ...rest] = target.split('/');
      const family = isIP(addr ?? '');
      if (family === 0 && (prefix !== undefined || !HOST_NAME.test(target))) {
        throw new EgressAllowError(`"${text}" is not an IP address, a CIDR or a host name`);
      }
      if (prefix !== undefined) {
        const bits = Number(prefix);
        if (rest.length > 0 || !/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128)) {
          throw new EgressAllowError(`"${text}" has a bad prefix length`);
        }
      }
      if (portText === undefined) return { text, target };
      const port = Number(portText);
      if (!/^\d+$/.test(portText) || port < 1 || port > 65535) throw new EgressAllowError(`"${text}" has a bad port`);
      return { text, target, port };
    });
}

export interface EgressPolicy {
  /** the sandbox bridge's interface on the host, e.g. br-af6413d10b37 */
  bridge: string;
  /** allowlisted destinations, host names already resolved to addresses */
  allow: Array<{ cidr: string; port?: number }>;
  /** what is neither allowlisted nor denied: public addresses stay reachable ('allow') or not ('deny') */
  otherwise: 'allow' | 'deny';
  /** the subnets of the host's own interfaces (its LAN), denied beside the fixed ranges */
  hostSubnets: string[];
}

/** Chain names: one pair per bridge, so services on different sandbox networks never touch each other's. */
export function chainNames(bridge: string) {
  return { forward: `EDGEQL-O-${bridge}`, input: `EDGEQL-I-${bridge}` };
}

const familyOf = (cidr: string) => isIP(cidr.split('/')[0]!);

/**
 * The iptables-restore (family 4) or ip6tables-restore (6) text for the policy's two chains. Declaring a
 * chain in a --noflush restore empties it first, and the whole table commits at once, so a re-install
 * never leaves a moment with half the rules.
 *
 * - forward (jumped to from DOCKER-USER for packets from the bridge): allowlisted destinations go on to
 *   Docker's own rules, the denied ranges and the host's subnets are rejected, the rest per `otherwise`;
 * - input (jumped to from INPUT): packets from the bridge to any of the host's own addresses, the
 *   gateway included, are rejected unless allowlisted.
 */
export function restoreText(policy: EgressPolicy, family: 4 | 6): string {
  const { forward, input } = chainNames(policy.bridge);
  const reject = family === 4 ? 'REJECT --reject-with icmp-admin-prohibited' : 'REJECT --reject-with icmp6-adm-prohibited';
  const allowRules = (chain: string) =>
    policy.allow
      .filter((a) => familyOf(a.cidr) === family)
      .flatMap((a) =>
        a.port === undefined
          ? [`-A ${chain} -d ${a.cidr} -j RETURN`]
          : ['tcp', 'udp'].map((p) => `-A ${chain} -d ${a.cidr} -p ${p} -m ${p} --dport ${a.port} -j RETURN`),
      );
  const denied = [...(family === 4 ? DENIED_V4 : DENIED_V6), ...policy.hostSubnets.filter((c) => familyOf(c) === family)];
  return [
    '*filter',
    `:${forward} - [0:0]`,
    `:${input} - [0:0]`,
    ...allowRules(forward),
    ...denied.map((cidr) => `-A ${forward} -d ${cidr} -j ${reject}`),
    `-A ${forward} -j ${policy.otherwise === 'allow' ? 'RETURN' : reject}`,
    ...allowRules(input),
    `-A ${input} -j ${reject}`,
    'COMMIT',
    '',
  ].join('\n');
}
