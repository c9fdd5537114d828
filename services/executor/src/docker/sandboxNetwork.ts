// The bridge network that networking-enabled sandboxes join: inter-container traffic off, made once.
import type Docker from 'dockerode';
import { isAlreadyDone, statusOf, toExecutorError } from './dockerErrors.js';
import { LABEL } from './labels.js';

export class SandboxNetwork {
  #ready: Promise<void> | undefined;

  constructor(
    private readonly docker: Docker,
    readonly name: string,
  ) {}

  /** Creates the network if it is missing; concurrent callers share one attempt, a failure is retried next time. */
  ensure(signal: AbortSignal): Promise<void> {
    this.#ready ??= this.#create(signal).catch((err: unknown) => {
      this.#ready = undefined;
      throw toExecutorError(err, 'prepare the sandbox network');
    });
    return this.#ready;
  }

  async #create(signal: AbortSignal) {
    try {
      await this.docker.getNetwork(this.name).inspect();
      return;
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
    }
    try {
      await this.docker.createNetwork({
        Name: this.name,
        Driver: 'bridge',
        CheckDuplicate: true,
        Labels: { [LABEL.managed]: 'true' },
        // Sandboxes on this network cannot reach each other; egress control is the deployment's.
        Options: { 'com.docker.network.bridge.enable_icc': 'false' },
        abortSignal: signal,
      } as Docker.NetworkCreateOptions);
    } catch (err) {
      if (!isAlreadyDone(err)) throw err; // 409: another instance made it first
    }
  }
}
