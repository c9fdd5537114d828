// One sandbox container's lifecycle; it owns the cleanup, which is idempotent and never throws.
import type Docker from 'dockerode';
import type { Logger } from 'pino';
import type { ContainerClient } from '../docker/containerClient.js';
import { LABEL } from '../docker/labels.js';

export class SandboxRun implements AsyncDisposable {
  #id: string | undefined;
  #disposed: Promise<void> | undefined;

  constructor(
    readonly runId: string,
    private readonly client: ContainerClient,
    private readonly log: Logger,
    private readonly cleanupMs: number,
  ) {}

  get containerId() {
    return this.#id;
  }

  async create(opts: Docker.ContainerCreateOptions, signal: AbortSignal): Promise<string> {
    this.#id = await this.client.create(opts, signal);
    return this.#id;
  }

  /** Removes the container (forced, so a running one is killed first). Safe to call twice. */
  dispose(): Promise<void> {
    this.#disposed ??= (async () => {
      // If create() was cut off mid-flight, Docker may still have made the container: find it by label.
      const ids = this.#id
        ? [this.#id]
        : (await this.client.listByLabel(`${LABEL.runId}=${this.runId}`, AbortSignal.timeout(this.cleanupMs))).map((c) => c.id);
      await Promise.all(
        ids.map((id) =>
          this.client
            .remove(id, AbortSignal.timeout(this.cleanupMs))
            .catch((err: unknown) => this.log.warn({ err, containerId: id }, 'could not remove sandbox')),
        ),
      );
    })().catch((err: unknown) => this.log.warn({ err, runId: this.runId }, 'could not clean up sandbox'));
    return this.#disposed;
  }

  [Symbol.asyncDispose]() {
    return this.dispose();
  }
}
