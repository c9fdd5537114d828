// Before any test: Docker must answer (or the run fails saying how to get it), and the image must be current.
import pino from 'pino';
import { DockerodeClient } from '../docker/dockerodeClient.js';
import { ensureSandboxImage } from '../image/sandboxImage.js';
import { reapGvisorLeftovers, gvisorProcesses } from './runscLeftovers.js';
import { TEST_IMAGE } from './testConfig.js';

export default async function setup() {
  const docker = new DockerodeClient();
  try {
    await docker.ping(AbortSignal.timeout(5_000));
  } catch (err) {
    throw new Error(
      `Docker is not reachable (${process.env.DOCKER_HOST ?? '/var/run/docker.sock'}): ${(err as Error).message} (${String((err as Error).cause ?? '')}).\n` +
        'The security tests run real containers. Run `bash scripts/setup.sh` (it installs and starts Docker where it can), then rerun.',
    );
  }
  const runtime = process.env.EXECUTOR_RUNTIME;
  if (runtime && runtime !== 'runc') {
    const { runtimes } = await docker.info(AbortSignal.timeout(10_000));
    if (!runtimes[runtime]) {
      throw new Error(
        `EXECUTOR_RUNTIME=${runtime}, but Docker has no runtime of that name (it has: ${Object.keys(runtimes).join(', ')}).\n` +
          'Run `bash scripts/setup.sh` as root on a Debian machine: it installs Debian\'s runsc package and registers it with Docker (see the README, "Container runtime").',
      );
    }
  }
  const gvisorBefore = new Set(gvisorProcesses().keys());
  const r = await ensureSandboxImage(docker, {
    image: TEST_IMAGE,
    baseImage: process.env.EXECUTOR_BASE_IMAGE,
    log: pino({ level: 'warn' }),
  });
  process.stdout.write(`sandbox image ${r.image} ${r.built ? 'built' : 'up to date'} (base ${r.baseImage})\n`);
  // A failed runsc start can leave gVisor's processes behind: none of this run's may outlive it.
  return async () => {
    const reaped = await reapGvisorLeftovers(gvisorBefore);
    if (reaped.length > 0) throw new Error(`gVisor processes outlived their containers (now killed): ${reaped.join(', ')}`);
  };
}
