// ContainerClient over dockerode: one short method per verb, with Docker's status codes read precisely.
import type { Duplex } from 'node:stream';
import Docker from 'dockerode';
import type { ContainerClient, ContainerSummary } from './containerClient.js';
import { isAlreadyDone, toExecutorError } from './dockerErrors.js';

export class DockerodeClient implements ContainerClient {
  constructor(readonly docker: Docker = new Docker()) {}

  async ping(signal: AbortSignal) {
    try {
      // dockerode reads abortSignal here too; its typings only omit it
      const version = this.docker.version.bind(this.docker) as (o: { abortSignal: AbortSignal }) => Promise<Docker.DockerVersion>;
      return { version: (await version({ abortSignal: signal })).Version };
    } catch (err) {
      throw toExecutorError(err, 'answer a ping');
    }
  }

  async create(opts: Docker.ContainerCreateOptions, signal: AbortSignal) {
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
}
