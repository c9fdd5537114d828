// POST /execute: validate the node spec, run it in a sandbox, answer with the outcome.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { toHttp } from '../outcome/toHttp.js';
import type { NodejsSandboxRunner } from '../runners/nodejsSandboxRunner.js';
import { nodeSpecSchema } from '../spec/nodeSpec.js';
import { parseSpec } from '../spec/parseSpec.js';

export function executeRoute(app: FastifyInstance, opts: { runner: NodejsSandboxRunner; config: Config }) {
  const schema = nodeSpecSchema(opts.config);
  app.post('/execute', async (req, reply) => {
    const spec = parseSpec(schema, req.body);
    // A client that hangs up gives its slot back, and its container goes.
    const gone = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableEnded) gone.abort(new Error('client disconnected'));
    });
    const outcome = await opts.runner.run(spec, { executionId: req.id, signal: gone.signal });
    const { status, body } = toHttp(req.id, outcome);
    return reply.status(status).send(body);
  });
}
