// GET /metrics: the service's Prometheus metrics, in the text format prom-client writes.
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../metrics.js';

export function metricsRoute(app: FastifyInstance, opts: { metrics: Metrics }) {
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    const text = await opts.metrics.registry.metrics();
    return reply.type(opts.metrics.registry.contentType).send(text);
  });
}
