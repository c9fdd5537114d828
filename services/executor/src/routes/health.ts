// GET /health (what Docker and the image look like), /health/live (the process answers) and /health/ready
// (send it work: Docker answers, the image is present, the pool is warm, and it is not shutting down).
import type { FastifyInstance } from 'fastify';
import type { DockerEngine } from '../docker/containerClient.js';
import { imagePresent } from '../image/sandboxImage.js';
import type { Drain } from '../shutdown.js';
import type { Metrics } from '../metrics.js';
import type { Slots } from '../admission/slots.js';

const CHECK_MS = 3_000;

export interface HealthDeps {
  engine: DockerEngine;
  image: string;
  slots: Slots;
  metrics?: Metrics;
  drain?: Drain;
  /** whether networking-enabled runs are protected by the egress rules (egress.ts); shown on /health */
  egress?: () => unknown;
  /** the warm pool's readiness; absent means there is no pool to wait for */
  poolWarm?: () => boolean;
}

export function healthRoute(app: FastifyInstance, opts: HealthDeps) {
  const check = async () => {
    const docker = await opts.engine.ping(AbortSignal.timeout(CHECK_MS)).then(
      (v) => ({ reachable: true, version: v.version }),
      (err: Error & { code?: string }) => {
        opts.metrics?.recordDockerError(typeof err.code === 'string' ? err.code : 'DOCKER_UNAVAILABLE', 'health');
        return { reachable: false, error: err.message };
      },
    );
    const present = docker.reachable && (await imagePresent(opts.engine, opts.image, AbortSignal.timeout(CHECK_MS)));
    return { docker, image: { name: opts.image, present } };
  };

  app.get('/health', async (_req, reply) => {
    const { docker, image } = await check();
    const ok = docker.reachable && image.present;
    return reply.status(ok ? 200 : 503).send({
      status: ok ? 'ok' : 'unavailable',
      docker,
      image,
      sandboxes: opts.slots.stats,
      ...(opts.egress ? { egress: opts.egress() } : {}),
    });
  });

  // Liveness asks only whether the process serves HTTP: restarting it would not bring Docker back.
  app.get('/health/live', async () => ({ status: 'ok' }));

  app.get('/health/ready', async (_req, reply) => {
    const { docker, image } = await check();
    const pool = opts.poolWarm ? { warm: opts.poolWarm() } : undefined;
    const draining = opts.drain?.draining ?? false;
    const ready = docker.reachable && image.present && (pool?.warm ?? true) && !draining;
    return reply.status(ready ? 200 : 503).send({ ready, docker, image, ...(pool ? { pool } : {}), draining });
  });
}
