// The bridge network that networking-enabled sandboxes join: inter-container traffic off, made once, with
// the egress rules in force (egress.ts) before the first sandbox joins it.
import { ExecutorError } from '../outcome/executorError.js';
import type { DockerEngine, NetworkSummary } from '../docker/containerClient.js';
import { toExecutorError } from '../docker/dockerErrors.js';
import type { EgressGuard } from './egress.js';
import { LABEL } from '../docker/labels.js';

export interface SandboxNetworkOptions {
  /** the OCI runtime sandboxes run under: a runtime registered with --network=none cannot join a network */
  runtime?: string;
  /** installs and reports the egress rules; without one the network is made with no egress control (unit tests) */
  egress?: EgressGuard;
}

/** The host interface of a Docker bridge network: the name it was given, else br- and the id's first 12. */
export function bridgeInterface(net: NetworkSummary): string {
  return net.options['com.docker.network.bridge.name'] ?? `br-${net.id.slice(0, 12)}`;
}

export class SandboxNetwork {
  #ready: Promise<void> | undefined;

  constructor(
    private readonly engine: DockerEngine,
    readonly name: string,
    private readonly opts: SandboxNetworkOptions = {},
  ) {}

  /**
   * Creates the network if it is missing; concurrent callers share one attempt, a failure is retried next
   * time. Once made, each call checks it is still there: another instance sharing it may have released it.
   */
  async ensure(signal: AbortSignal): Promise<void> {
    const ready = this.#ready;
    if (ready && (await ready.then(() => this.#stillThere(signal)))) return;
    if (this.#ready === ready) this.#ready = undefined;
    this.#ready ??= this.#prepare(signal).catch((err: unknown) => {
      this.#ready = undefined;
      throw toExecutorError(err, 'prepare the sandbox network');
    });
    return this.#ready;
  }

  /**
   * At a clean stop, after this instance's own sandboxes are gone: removes the network and its egress
   * rules, unless a container (another instance's) is still attached to it. Never throws.
   */
  async release(signal: AbortSignal): Promise<'removed' | 'in use' | 'absent' | 'failed'> {
    this.#ready = undefined;
    try {
      const net = await this.engine.inspectNetwork(this.name, signal);
      if (!net) return 'absent';
      if (net.containers > 0) return 'in use';
      await this.engine.removeNetwork(this.name, signal);
      await this.opts.egress?.remove(bridgeInterface(net));
      return 'removed';
    } catch {
      return 'failed';
    }
  }

  async #stillThere(signal: AbortSignal): Promise<boolean> {
    return (await this.engine.inspectNetwork(this.name, signal)) !== undefined;
  }

  async #prepare(signal: AbortSignal) {
    await this.#refuseNetworklessRuntime(signal);
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
  async #refuseNetworklessRuntime(signal: AbortSignal) {
    const runtime = this.opts.runtime;
    if (!runtime || runtime === 'runc') return;
    const args = (await this.engine.info(signal)).runtimes[runtime]?.runtimeArgs ?? [];
    if (args.includes('--network=none')) {
      throw new ExecutorError(
        'NETWORKING_UNAVAILABLE',
        `networking is unavailable: sandboxes run under ${runtime}, which Docker runs with --network=none (loopback only)`,
        { runtime, runtimeArgs: args },
      );
    }
  }

  async #create(signal: AbortSignal): Promise<NetworkSummary> {
    const found = await this.engine.inspectNetwork(this.name, signal);
    if (found) return found;
    await this.engine.createNetwork(
      this.name,
      // Sandboxes on this network cannot reach each other; egress is egress.ts's.
      { labels: { [LABEL.managed]: 'true' }, options: { 'com.docker.network.bridge.enable_icc': 'false' } },
      signal,
    );
    const made = await this.engine.inspectNetwork(this.name, signal);
    if (!made) throw new Error(`the network ${this.name} was made but is not there`);
    return made;
  }
}
