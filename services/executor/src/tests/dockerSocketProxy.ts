// A unix-socket proxy in front of the Docker engine's socket, so a test can make "Docker" go away and come
// back without stopping the real dockerd, which other tests on this machine are using at the same time.
import { existsSync, unlinkSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';

export const DOCKER_SOCKET = process.env.DOCKER_HOST?.startsWith('unix://')
  ? process.env.DOCKER_HOST.slice('unix://'.length)
  : '/var/run/docker.sock';

export class DockerSocketProxy {
  #server: Server | undefined;
  readonly #live = new Set<Socket>();

  constructor(
    readonly path: string,
    private readonly target = DOCKER_SOCKET,
  ) {}

  /** Listens on path and forwards each connection, byte for byte, to the real socket. */
  async start(): Promise<void> {
    if (existsSync(this.path)) unlinkSync(this.path);
    // Half-open on both sides: the service half-closes its attach stream to end the sandbox's stdin and
    // still reads the sandbox's output afterwards.
    const server = createServer({ allowHalfOpen: true }, (client) => {
      const engine = connect({ path: this.target, allowHalfOpen: true });
      for (const s of [client, engine]) {
        this.#live.add(s);
        s.once('close', () => this.#live.delete(s));
        s.on('error', () => {
          client.destroy();
          engine.destroy();
        });
      }
      client.pipe(engine).pipe(client);
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(this.path, resolve));
    this.#server = server;
  }

  /** "Docker is gone": no new connections (the socket file goes), and every live one is cut. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const s of this.#live) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    if (existsSync(this.path)) unlinkSync(this.path);
  }
}
