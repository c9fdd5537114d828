// Before any test: Docker must answer (or the run fails saying how to get it), and the image must be current.
import Docker from 'dockerode';
import pino from 'pino';
import { DockerodeClient } from '../docker/dockerodeClient.js';
import { ensureSandboxImage } from '../docker/sandboxImage.js';
import { TEST_IMAGE } from './testConfig.js';

export default async function setup() {
  const docker = new Docker();
  try {
    await new DockerodeClient(docker).ping(AbortSignal.timeout(5_000));
  } catch (err) {
    throw new Error(
      `Docker is not reachable (${process.env.DOCKER_HOST ?? '/var/run/docker.sock'}): ${(err as Error).message} (${String((err as Error).cause ?? '')}).\n` +
        'The security tests run real containers. Run `bash scripts/setup.sh` (it installs and starts Docker where it can), then rerun.',
    );
  }
  const r = await ensureSandboxImage(docker, { image: TEST_IMAGE, baseImage: process.env.EXECUTOR_BASE_IMAGE, log: pino({ level: 'warn' }) });
  process.stdout.write(`sandbox image ${r.image} ${r.built ? 'built' : 'up to date'} (base ${r.baseImage})\n`);
}
