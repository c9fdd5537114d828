import { describe, expect, it } from 'vitest';
import { chainNames, DENIED_V4, parseEgressAllow, restoreText } from './egressRules.js';

describe('parseEgressAllow', () => {
  it('reads addresses, CIDRs, host names, ports and bracketed IPv6', () => {
    expect(parseEgressAllow(' 1.2.3.4, 10.0.0.0/8:443  [fd00::1]:53,fd00::/64 api.example.com:443 ')).toEqual([
      { text: '1.2.3.4', target: '1.2.3.4' },
      { text: '10.0.0.0/8:443', target: '10.0.0.0/8', port: 443 },
      { text: '[fd00::1]:53', target: 'fd00::1', port: 53 },
      { text: 'fd00::/64', target: 'fd00::/64' },
      { text: 'api.example.com:443', target: 'api.example.com', port: 443 },
    ]);
    expect(parseEgressAllow('')).toEqual([]);
  });

  it.each(['1.2.3.4/33', '1.2.3.4:0', '1.2.3.4:70000', 'bad_host', 'a.b/8', '[fd00::1]:x', '1.2.3.4/8/9'])('refuses %s', (bad) => {
    expect(() => parseEgressAllow(bad)).toThrow(/not an IP|bad prefix|bad port/);
  });

  it('a bad value stops the configuration with the variable named', async () => {
    const { testConfig } = await import('../tests/testConfig.js');
    expect(() => testConfig({ EXECUTOR_EGRESS_ALLOW: '10.0.0.0/99' })).toThrow(
      /EXECUTOR_EGRESS_ALLOW: "10.0.0.0\/99" has a bad prefix length/,
    );
    expect(testConfig({ EXECUTOR_EGRESS_ALLOW: '10.1.2.3:80' }).sandbox.egress).toEqual({
      allow: [{ text: '10.1.2.3:80', target: '10.1.2.3', port: 80 }],
      otherwise: 'allow',
      enforce: true,
    });
  });
});

describe('restoreText', () => {
  const policy = {
    bridge: 'br-0123456789ab',
    allow: [{ cidr: '10.9.0.1', port: 8080 }, { cidr: 'fd00::/64' }],
    otherwise: 'allow' as const,
    hostSubnets: ['192.0.2.0/24', 'fd00::/64'],
  };
  const { forward, input } = chainNames(policy.bridge);

  it('IPv4: allowlist first, then the denied ranges and the host LAN, then the rest; the host itself refused', () => {
    const lines = restoreText(policy, 4).split('\n');
    expect(lines.slice(0, 3)).toEqual(['*filter', `:${forward} - [0:0]`, `:${input} - [0:0]`]);
    const fwd = lines.filter((l) => l.startsWith(`-A ${forward} `));
    expect(fwd.slice(0, 2)).toEqual([
      `-A ${forward} -d 10.9.0.1 -p tcp -m tcp --dport 8080 -j RETURN`,
      `-A ${forward} -d 10.9.0.1 -p udp -m udp --dport 8080 -j RETURN`,
    ]);
    for (const cidr of [...DENIED_V4, '192.0.2.0/24'])
      expect(fwd).toContain(`-A ${forward} -d ${cidr} -j REJECT --reject-with icmp-admin-prohibited`);
    expect(fwd).toContain(`-A ${forward} -d 169.254.0.0/16 -j REJECT --reject-with icmp-admin-prohibited`);
    expect(fwd.at(-1)).toBe(`-A ${forward} -j RETURN`);
    expect(lines.filter((l) => l.startsWith(`-A ${input} `))).toEqual([
      `-A ${input} -d 10.9.0.1 -p tcp -m tcp --dport 8080 -j RETURN`,
      `-A ${input} -d 10.9.0.1 -p udp -m udp --dport 8080 -j RETURN`,
      `-A ${input} -j REJECT --reject-with icmp-admin-prohibited`,
    ]);
    expect(lines.at(-2)).toBe('COMMIT');
    expect(restoreText(policy, 4)).not.toContain('fd00');
  });

  it('IPv6: the v6 ranges, mapped IPv4 included; deny mode ends in a reject', () => {
    const text = restoreText({ ...policy, otherwise: 'deny' }, 6);
    expect(text).toContain(`-A ${forward} -d fd00::/64 -j RETURN`);
    for (const cidr of ['fc00::/7', 'fe80::/10', '::ffff:0:0/96'])
      expect(text).toContain(`-A ${forward} -d ${cidr} -j REJECT --reject-with icmp6-adm-prohibited`);
    expect(text).toContain(`-A ${forward} -j REJECT --reject-with icmp6-adm-prohibited\n-A ${input}`);
    expect(text).not.toContain('10.9.0.1');
  });

  it('chain names fit iptables (28 characters) for the longest bridge name', () => {
    expect(chainNames('x'.repeat(15)).forward.length).toBeLessThanOrEqual(28);
  });
});
