// Attack: the other transports: UDP datagrams, TLS and HTTP/2 sessions.
// Cites: threat model: network attempts with networking off.
// expect: RESTRICTED_MODULE
// details: {"module": "tls"}
try { require('tls').connect(443, '1.1.1.1'); } catch {}
try { require('http2').connect('https://1.1.1.1'); } catch {}
return require('dgram').createSocket('udp4').send('x', 53, '8.8.8.8');
