// The Docker verbs the executor uses, and nothing else; every wait on the engine takes an AbortSignal.
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';

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
  create(opts: Docker.ContainerCreateOptions, signal: AbortSignal): Promise<string>;
  /** stdin, stdout and stderr of a created container, multiplexed; attach before start so nothing is lost */
  attach(id: string, signal: AbortSignal): Promise<Duplex>;
  start(id: string, signal: AbortSignal): Promise<void>;
  wait(id: string, signal: AbortSignal): Promise<{ statusCode: number }>;
  /** memory limit of a running container, swap kept equal (no swap); not below what it already uses */
  setMemory(id: string, bytes: number, signal: AbortSignal): Promise<void>;
  inspect(id: string, signal: AbortSignal): Promise<ExitState & { hostConfig: Docker.HostConfig; config: Docker.ContainerInspectInfo['Config'] }>;
  /** already stopped or gone counts as done */
  kill(id: string, signal: AbortSignal): Promise<void>;
  /** forced, with anonymous volumes; already gone counts as done */
  remove(id: string, signal: AbortSignal): Promise<void>;
  listByLabel(label: string, signal: AbortSignal): Promise<ContainerSummary[]>;
}
