// Attack: a raw TCP socket to a public IP (no DNS), IPv4 and IPv6.
// Cites: threat model: network attempts with networking off (raw IPs, IPv6).
// expect: RESTRICTED_MODULE
// details: {"module": "net"}
const net = require('net');
net.connect({ host: '2001:4860:4860::8888', port: 53 });
return net.connect({ host: '1.1.1.1', port: 53 });
