// The Docker port: the verbs the executor uses on containers, images and networks, and nothing else;
// every wait on the engine takes an AbortSignal. dockerodeClient.ts is its one implementation, and the
// only file of the service that imports dockerode.
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';

/** What a container is created with (the Engine API's body), and the host part of it. */
export type CreateOptions = Docker.ContainerCreateOptions;
export type HostConfig = Docker.HostConfig;

export interface ExitState {
  exitCode: number | null;
  oomKilled: boolean;
  running: boolean;
}

export interface ContainerSummary {
  id: string;
  createdSec: number;
  labels: Record<string, string>;
  state: string;
}

export interface ContainerClient {
  ping(signal: AbortSignal): Promise<{ version: string }>;
  create(opts: CreateOptions, signal: AbortSignal): Promise<string>;
  /** stdin, stdout and stderr of a created container, multiplexed; attach before start so nothing is lost */
  attach(id: string, signal: AbortSignal): Promise<Duplex>;
  start(id: string, signal: AbortSignal): Promise<void>;
  wait(id: string, signal: AbortSignal): Promise<{ statusCode: number }>;
  /** memory limit of a running container, swap kept equal (no swap); not below what it already uses */
  setMemory(id: string, bytes: number, signal: AbortSignal): Promise<void>;
  inspect(id: string, signal: AbortSignal): Promise<ExitState & { hostConfig: HostConfig; config: Docker.ContainerInspectInfo['Config'] }>;
  /** already stopped or gone counts as done */
  kill(id: string, signal: AbortSignal): Promise<void>;
  /** forced, with anonymous volumes; already gone counts as done */
  remove(id: string, signal: AbortSignal): Promise<void>;
  listByLabel(label: string, signal: AbortSignal): Promise<ContainerSummary[]>;
}

export interface ImageBuild {
  tag: string;
  /** path of the Dockerfile inside the context */
  dockerfile: string;
  buildArgs: Record<string, string>;
  labels: Record<string, string>;
}

export interface ImageClient {
  /** the image's labels, or undefined when there is no such image */
  inspectImage(name: string, signal: AbortSignal): Promise<{ labels: Record<string, string> } | undefined>;
  /** builds from a tar context and resolves once the build has finished; a failed step rejects with its message */
  buildImage(context: NodeJS.ReadableStream, build: ImageBuild, signal: AbortSignal): Promise<void>;
}

export interface NetworkSummary {
  id: string;
  /** the driver options it was made with (the bridge's interface name among them) */
  options: Record<string, string>;
  /** containers attached to it now (any instance's) */
  containers: number;
}

export interface NetworkClient {
  /** undefined when there is no network of that name */
  inspectNetwork(name: string, signal: AbortSignal): Promise<NetworkSummary | undefined>;
  /** a bridge network; one made meanwhile by someone else (409) counts as made */
  createNetwork(name: string, o: { labels: Record<string, string>; options: Record<string, string> }, signal: AbortSignal): Promise<void>;
  /** already gone counts as done */
  removeNetwork(name: string, signal: AbortSignal): Promise<void>;
}

export interface EngineInfo {
  /** the OCI runtimes registered with the engine, with the arguments it runs each with */
  runtimes: Record<string, { runtimeArgs: string[] }>;
}

/** The whole port: what compose.ts builds and hands to every part of the service that talks to Docker. */
export interface DockerEngine extends ContainerClient, ImageClient, NetworkClient {
  info(signal: AbortSignal): Promise<EngineInfo>;
}
