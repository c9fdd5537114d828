// Attack: read the host's facts through os: its memory, CPUs (model, speed, and the time each spent
// busy), load, uptime since boot, kernel release and build, and the container's ID as its hostname.
// Cites: hardening review, class 6: host facts.
// expect: result
// result: {"totalmem": 268435456, "freememWithinLimit": true, "cpus": 0, "parallelism": 1, "loadavg": [0, 0, 0], "uptimeIsTheSandboxs": true, "release": "", "version": "", "hostname": "sandbox"}
// limits: {"memoryLimit": 256}
const os = require('os');
return {
  totalmem: os.totalmem(),
  freememWithinLimit: os.freemem() <= os.totalmem(),
  cpus: os.cpus().length,
  parallelism: os.availableParallelism(),
  loadavg: os.loadavg(),
  uptimeIsTheSandboxs: Math.abs(os.uptime() - process.uptime()) < 2,
  release: os.release(),
  version: os.version(),
  hostname: os.hostname(),
};
