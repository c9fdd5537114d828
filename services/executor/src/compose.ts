// The composition root: builds every collaborator of the service from a Config, once, and hands them out.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Slots } from './admission/slots.js';
import { Janitor } from './cleanup/janitor.js';
import type { Config } from './config.js';
import type { DockerEngine } from './docker/containerClient.js';
import { DockerodeClient } from './docker/dockerodeClient.js';
import { EgressGuard } from './hardening/egress.js';
import { SandboxNetwork } from './hardening/sandboxNetwork.js';
import { createMetrics } from './metrics.js';
import { longestSandboxLifeMs } from './sandboxes/deadlines.js';
import { SandboxOrchestrator } from './sandboxes/orchestrator.js';
import { Drain } from './shutdown.js';

export interface ComposeOptions {
  /** the Docker port; default: dockerode over DOCKER_HOST, or the local socket */
  engine?: DockerEngine;
  /** labels every container this instance creates; default: config.instanceId (EXECUTOR_INSTANCE_ID, else the host name) */
  instanceId?: string;
  /** the clock of the janitor's age sweep (tests move it forward) */
  now?: () => number;
}

export function createExecutor(config: Config, log: Logger, opts: ComposeOptions = {}) {
  const engine = opts.engine ?? new DockerodeClient();
  const maxAgeMs = longestSandboxLifeMs(config);
  const owner = { instanceId: opts.instanceId ?? config.instanceId, processId: randomUUID(), maxAgeSec: Math.ceil(maxAgeMs / 1000) };
  const slots = new Slots(config.concurrency.running, config.concurrency.queued);
  const egress = new EgressGuard(config.sandbox.egress, log);
  const network = new SandboxNetwork(engine, config.sandbox.network, { runtime: config.sandbox.runtime, egress });
  // The pool's gauge reads the orchestrator made just below, at scrape time.
  const metrics = createMetrics(slots, () => orchestrator.pool?.stats.idle ?? 0);
  const janitor = new Janitor({
    client: engine,
    owner,
    log: log.child({ component: 'janitor' }),
    maxAgeMs,
    sweepIntervalMs: config.lifecycle.sweepIntervalSec * 1000,
    onSwept: (reason, n) => metrics.recordSwept(reason, n),
    ...(opts.now ? { now: opts.now } : {}),
  });
  const orchestrator = new SandboxOrchestrator({ client: engine, network, slots, config, log, owner, janitor });
  const drain = new Drain();
  return { engine, owner, slots, network, egress, metrics, janitor, orchestrator, drain };
}

export type Executor = ReturnType<typeof createExecutor>;
