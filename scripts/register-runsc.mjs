// Adds gVisor's runsc to Docker's daemon.json, keeping every other key: setup.sh's JSON merge, in Node
// because the machines have Node and not necessarily jq. Prints "changed" or "unchanged"; exits 1 with
// the reason when the file cannot be read as JSON (it is then left alone).
//   node scripts/register-runsc.mjs /etc/docker/daemon.json /usr/bin/runsc
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const [file, runscPath] = process.argv.slice(2);
if (!file || !runscPath) {
  process.stderr.write('usage: register-runsc.mjs <daemon.json> <path of runsc>\n');
  process.exit(2);
}

let config = {};
let text = '';
try {
  text = readFileSync(file, 'utf8');
} catch (err) {
  if (err.code !== 'ENOENT') throw err;
}
if (text.trim()) {
  try {
    config = JSON.parse(text);
  } catch (err) {
    process.stderr.write(`${file} is not valid JSON (${err.message}); not touching it\n`);
    process.exit(1);
  }
  if (!config || typeof config !== 'object' || Array.isArray(config)) {
    process.stderr.write(`${file} is not a JSON object; not touching it\n`);
    process.exit(1);
  }
}

// gVisor's own network set-up fails on the Debian 12 hosts we test on, so sandboxes under runsc have loopback only.
const wanted = { path: runscPath, runtimeArgs: ['--network=none'] };
const before = JSON.stringify(config.runtimes?.runsc ?? null);
if (before === JSON.stringify(wanted)) {
  process.stdout.write('unchanged\n');
} else {
  config.runtimes = { ...(config.runtimes ?? {}), runsc: wanted };
  mkdirSync(dirname(file), { recursive: true });
  // Written beside and renamed: dockerd never reads half a file.
  writeFileSync(`${file}.edgeql-tmp`, `${JSON.stringify(config, null, 2)}\n`);
  renameSync(`${file}.edgeql-tmp`, file);
  process.stdout.write('changed\n');
}
