// GET /health: whether Docker answers and the sandbox image is present; 503 when either is not.
import type Docker from 'dockerode';
import type { FastifyInstance } from 'fastify';
import type { ContainerClient } from '../docker/containerClient.js';
import { inspectImage } from '../docker/sandboxImage.js';
import type { Slots } from '../scheduling/slots.js';

const CHECK_MS = 3_000;

export function healthRoute(app: FastifyInstance, opts: { client: ContainerClient; docker: Docker; image: string; slots: Slots }) {
  app.get('/health', async (_req, reply) => {
    const docker = await opts.client.ping(AbortSignal.timeout(CHECK_MS)).then(
      (v) => ({ reachable: true, version: v.version }),
      (err: Error) => ({ reachable: false, error: err.message }),
    );
    const present = docker.reachable
      ? await inspectImage(opts.docker, opts.image).then(Boolean, () => false)
      : false;
    const ok = docker.reachable && present;
    return reply.status(ok ? 200 : 503).send({
      status: ok ? 'ok' : 'unavailable',
      docker,
      image: { name: opts.image, present },
      sandboxes: opts.slots.stats,
    });
  });
}
