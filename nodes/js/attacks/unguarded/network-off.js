// Guard off, networking off: raw sockets to the metadata address, the Docker bridge gateway, a public
// IPv4 and IPv6 address, and a DNS lookup. Only loopback exists, so every attempt fails in the kernel.
// Cites: threat model: network attempts (169.254.169.254, the bridge gateway, raw IPs, IPv6, DNS).
// expect: result
// result: {"interfaces": ["lo"], "attempts": ["ENETUNREACH", "ENETUNREACH", "ENETUNREACH", "ENETUNREACH"], "dns": "refused"}
const net = require('net');
const attempt = (host, port) => new Promise((resolve) => {
  const s = net.connect({ host, port, timeout: 2000 });
  s.on('connect', () => { s.destroy(); resolve('connected'); });
  s.on('timeout', () => { s.destroy(); resolve('timeout'); });
  s.on('error', (e) => resolve(e.code));
});
const attempts = await Promise.all([['169.254.169.254', 80], ['172.17.0.1', 2375], ['1.1.1.1', 53], ['2606:4700:4700::1111', 53]].map(([h, p]) => attempt(h, p)));
let dns;
try { await require('dns').promises.resolve4('example.com'); dns = 'resolved'; } catch (e) { dns = ['ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND', 'ETIMEOUT', 'ESERVFAIL'].includes(e.code) ? 'refused' : e.code; }
return { interfaces: Object.keys(require('os').networkInterfaces()), attempts, dns };
