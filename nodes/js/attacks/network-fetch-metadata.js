// Attack: fetch the cloud metadata service with networking off.
// Cites: SSRF to 169.254.169.254 (CWE-918; the Capital One 2019 incident).
// expect: RESTRICTED_MODULE
// details: {"module": "fetch"}
return (await fetch('http://169.254.169.254/latest/meta-data/')).text();
