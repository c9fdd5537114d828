// Attack: plain http to the Docker bridge gateway, where an unauthenticated Docker API may listen.
// Cites: exposed Docker API on 2375 (CVE-2019-5736 exploitation chains start there).
// expect: RESTRICTED_MODULE
// details: {"module": "http"}
return new Promise((resolve, reject) => require('http').get('http://172.17.0.1:2375/version', resolve).on('error', reject));
