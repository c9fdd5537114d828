// Builds the service's collaborators from a Config: the Docker client, network, slots and runner.
import { randomUUID } from 'node:crypto';
import Docker from 'dockerode';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { DockerodeClient } from './docker/dockerodeClient.js';
import { EgressGuard } from './hardening/egress.js';
import { SandboxNetwork } from './hardening/sandboxNetwork.js';
import { SandboxOrchestrator } from './sandboxes/orchestrator.js';
import { Slots } from './admission/slots.js';

export interface ExecutorOptions {
  /** default: DOCKER_HOST, or the local socket */
  docker?: Docker;
  /** labels every container this instance creates; default: config.instanceId (EXECUTOR_INSTANCE_ID, else the host name) */
  instanceId?: string;
}

export function createExecutor(config: Config, log: Logger, opts: ExecutorOptions = {}) {
  const docker = opts.docker ?? new Docker();
  const instanceId = opts.instanceId ?? config.instanceId;
  const processId = randomUUID();
  const client = new DockerodeClient(docker);
  const slots = new Slots(config.concurrency.running, config.concurrency.queued);
  const egress = new EgressGuard(config.sandbox.egress, log);
  const network = new SandboxNetwork(docker, config.sandbox.network, { runtime: config.sandbox.runtime, egress });
  const runner = new SandboxOrchestrator({ client, network, slots, config, log, owner: { instanceId, processId } });
  return { docker, client, slots, network, egress, runner, instanceId, processId };
}
