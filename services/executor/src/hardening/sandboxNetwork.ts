// The bridge network that networking-enabled sandboxes join: inter-container traffic off, made once, with
// the egress rules in force (egress.ts) before the first sandbox joins it.
import type Docker from 'dockerode';
import { ExecutorError } from '../outcome/executorError.js';
import { isAlreadyDone, statusOf, toExecutorError } from '../docker/dockerErrors.js';
import type { EgressGuard } from './egress.js';
import { LABEL } from '../docker/labels.js';

export interface SandboxNetworkOptions {
  /** the OCI runtime sandboxes run under: a runtime registered with --network=none cannot join a network */
  runtime?: string;
  /** installs and reports the egress rules; without one the network is made with no egress control (unit tests) */
  egress?: EgressGuard;
}

/** The host interface of a Docker bridge network: the name it was given, else br- and the id's first 12. */
export function bridgeInterface(net: { Id: string; Options?: Record<string, string> }): string {
  return net.Options?.['com.docker.network.bridge.name'] ?? `br-${net.Id.slice(0, 12)}`;
}

export class SandboxNetwork {
  #ready: Promise<void> | undefined;

  constructor(
    private readonly docker: Docker,
    readonly name: string,
    private readonly opts: SandboxNetworkOptions = {},
  ) {}

  /** Creates the network if it is missing; concurrent callers share one attempt, a failure is retried next time. */
  ensure(signal: AbortSignal): Promise<void> {
    this.#ready ??= this.#prepare(signal).catch((err: unknown) => {
      this.#ready = undefined;
      throw toExecutorError(err, 'prepare the sandbox network');
    });
    return this.#ready;
  }

  async #prepare(signal: AbortSignal) {
    await this.#refuseNetworklessRuntime();
    const net = await this.#create(signal);
    const egress = this.opts.egress;
    if (!egress) return;
    await egress.install(bridgeInterface(net));
    if (!egress.allowsNetworking) {
      const s = egress.status;
      throw new ExecutorError(
        'NETWORKING_UNAVAILABLE',
        'networking is unavailable: the egress rules for the sandbox network could not be installed (see /health)',
        { reason: s.state === 'failed' ? s.reason : s.state },
      );
    }
  }

  /** gVisor registered with --network=none (as the Debian 12 hosts we test on need) gives sandboxes loopback only. */
  async #refuseNetworklessRuntime() {
    const runtime = this.opts.runtime;
    if (!runtime || runtime === 'runc') return;
    const info = (await this.docker.info()) as { Runtimes?: Record<string, { runtimeArgs?: string[] }> };
    const args = info.Runtimes?.[runtime]?.runtimeArgs ?? [];
    if (args.includes('--network=none')) {
      throw new ExecutorError(
        'NETWORKING_UNAVAILABLE',
        `networking is unavailable: sandboxes run under ${runtime}, which Docker runs with --network=none (loopback only)`,
        { runtime, runtimeArgs: args },
      );
    }
  }

  async #create(signal: AbortSignal): Promise<Docker.NetworkInspectInfo> {
    try {
      return await this.docker.getNetwork(this.name).inspect();
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
    }
    try {
      await this.docker.createNetwork({
        Name: this.name,
        Driver: 'bridge',
        CheckDuplicate: true,
        Labels: { [LABEL.managed]: 'true' },
        // Sandboxes on this network cannot reach each other; egress is egress.ts's.
        Options: { 'com.docker.network.bridge.enable_icc': 'false' },
        abortSignal: signal,
      } as Docker.NetworkCreateOptions);
    } catch (err) {
      if (!isAlreadyDone(err)) throw err; // 409: another instance made it first
    }
    return this.docker.getNetwork(this.name).inspect();
  }
}
