// The Docker port over dockerode: one short method per verb, with Docker's status codes read precisely.
import type { Duplex } from 'node:stream';
import Docker from 'dockerode';
import type { ContainerSummary, CreateOptions, DockerEngine, EngineInfo, ImageBuild, NetworkSummary } from './containerClient.js';
import { isAlreadyDone, isEngineUnreachable, statusOf, toExecutorError } from './dockerErrors.js';

export class DockerodeClient implements DockerEngine {
  readonly #docker: Docker;

  /** @param options where the engine is (default: DOCKER_HOST, else the local socket) */
  constructor(options?: Docker.DockerOptions) {
    this.#docker = new Docker(options);
  }

  private get docker(): Docker {
    return this.#docker;
  }

  async ping(signal: AbortSignal) {
    try {
      // dockerode reads abortSignal here too; its typings only omit it
      const version = this.docker.version.bind(this.docker) as (o: { abortSignal: AbortSignal }) => Promise<Docker.DockerVersion>;
      return { version: (await version({ abortSignal: signal })).Version };
    } catch (err) {
      throw toExecutorError(err, 'answer a ping');
    }
  }

  async create(opts: CreateOptions, signal: AbortSignal) {
    try {
      const c = await this.docker.createContainer({ ...opts, abortSignal: signal });
      return c.id;
    } catch (err) {
      throw toExecutorError(err, 'create a sandbox');
    }
  }

  async attach(id: string, signal: AbortSignal) {
    try {
      const stream = await this.docker
        .getContainer(id)
        .attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true, abortSignal: signal });
      return stream as unknown as Duplex;
    } catch (err) {
      throw toExecutorError(err, 'attach to a sandbox');
    }
  }

  async start(id: string, signal: AbortSignal) {
    try {
      await this.docker.getContainer(id).start({ abortSignal: signal });
    } catch (err) {
      throw toExecutorError(err, 'start a sandbox');
    }
  }

  async wait(id: string, signal: AbortSignal) {
    try {
      const r = (await this.docker.getContainer(id).wait({ abortSignal: signal })) as { StatusCode: number };
      return { statusCode: r.StatusCode };
    } catch (err) {
      throw toExecutorError(err, 'wait for a sandbox');
    }
  }

  async setMemory(id: string, bytes: number, signal: AbortSignal) {
    try {
      await this.docker.getContainer(id).update({ Memory: bytes, MemorySwap: bytes, abortSignal: signal });
    } catch (err) {
      throw toExecutorError(err, 'resize a sandbox');
    }
  }

  async inspect(id: string, signal: AbortSignal) {
    try {
      const i = await this.docker.getContainer(id).inspect({ abortSignal: signal });
      return {
        exitCode: i.State.Running ? null : i.State.ExitCode,
        oomKilled: i.State.OOMKilled,
        running: i.State.Running,
        hostConfig: i.HostConfig,
        config: i.Config,
      };
    } catch (err) {
      throw toExecutorError(err, 'inspect a sandbox');
    }
  }

  async kill(id: string, signal: AbortSignal) {
    try {
      await this.docker.getContainer(id).kill({ abortSignal: signal });
    } catch (err) {
      if (!isAlreadyDone(err)) throw toExecutorError(err, 'kill a sandbox');
    }
  }

  async remove(id: string, signal: AbortSignal) {
    try {
      await this.docker.getContainer(id).remove({ force: true, v: true, abortSignal: signal });
    } catch (err) {
      if (!isAlreadyDone(err)) throw toExecutorError(err, 'remove a sandbox');
    }
  }

  async listByLabel(label: string, signal: AbortSignal): Promise<ContainerSummary[]> {
    try {
      const list = await this.docker.listContainers({ all: true, filters: { label: [label] }, abortSignal: signal });
      return list.map((c) => ({ id: c.Id, createdSec: c.Created, labels: c.Labels, state: c.State }));
    } catch (err) {
      throw toExecutorError(err, 'list sandboxes');
    }
  }

  async inspectImage(name: string, signal: AbortSignal) {
    try {
      const i = await raceAbort(this.docker.getImage(name).inspect(), signal);
      return { labels: i.Config?.Labels ?? {} };
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw toExecutorError(err, 'inspect an image');
    }
  }

  async buildImage(context: NodeJS.ReadableStream, b: ImageBuild, signal: AbortSignal) {
    let progress: NodeJS.ReadableStream;
    try {
      progress = await this.docker.buildImage(context, {
        t: b.tag,
        dockerfile: b.dockerfile,
        buildargs: b.buildArgs,
        labels: b.labels,
        rm: true,
        forcerm: true,
        abortSignal: signal,
      });
    } catch (err) {
      throw toExecutorError(err, 'build an image');
    }
    // The build's own failure arrives as an event in the progress stream, not as an error of the call.
    await new Promise<void>((resolve, reject) => {
      const stop = () => reject(signal.reason);
      signal.addEventListener('abort', stop, { once: true });
      this.docker.modem.followProgress(
        progress,
        (err: Error | null) => {
          signal.removeEventListener('abort', stop);
          if (err) reject(isEngineUnreachable(err) ? toExecutorError(err, 'build an image') : err);
          else resolve();
        },
        (event: { error?: string; errorDetail?: { message?: string } }) => {
          if (event.error) reject(new Error(`image build failed: ${event.errorDetail?.message ?? event.error}`));
        },
      );
    });
  }

  async inspectNetwork(name: string, signal: AbortSignal): Promise<NetworkSummary | undefined> {
    try {
      const n = (await raceAbort(this.docker.getNetwork(name).inspect(), signal)) as Docker.NetworkInspectInfo;
      return { id: n.Id, options: n.Options ?? {}, containers: Object.keys(n.Containers ?? {}).length };
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw toExecutorError(err, 'inspect a network');
    }
  }

  async createNetwork(name: string, o: { labels: Record<string, string>; options: Record<string, string> }, signal: AbortSignal) {
    try {
      await this.docker.createNetwork({
        Name: name,
        Driver: 'bridge',
        CheckDuplicate: true,
        Labels: o.labels,
        Options: o.options,
        abortSignal: signal,
      } as Docker.NetworkCreateOptions);
    } catch (err) {
      if (!isAlreadyDone(err)) throw toExecutorError(err, 'create a network'); // 409: another instance made it first
    }
  }

  async removeNetwork(name: string, signal: AbortSignal) {
    try {
      await raceAbort(this.docker.getNetwork(name).remove(), signal);
    } catch (err) {
      if (statusOf(err) !== 404) throw toExecutorError(err, 'remove a network');
    }
  }

  async info(signal: AbortSignal): Promise<EngineInfo> {
    try {
      // dockerode reads abortSignal here too; its typings only omit it
      const info = (await (this.docker.info.bind(this.docker) as (o: object) => Promise<unknown>)({ abortSignal: signal })) as {
        Runtimes?: Record<string, { runtimeArgs?: string[] }>;
      };
      const runtimes = Object.fromEntries(Object.entries(info.Runtimes ?? {}).map(([k, v]) => [k, { runtimeArgs: v.runtimeArgs ?? [] }]));
      return { runtimes };
    } catch (err) {
      throw toExecutorError(err, 'describe the engine');
    }
  }
}

/** dockerode takes no signal for some inspects: the wait ends at the signal all the same. */
function raceAbort<T>(call: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    call.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}
