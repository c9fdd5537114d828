// One sandbox container from launch to removal: created, attached and started (ahead of demand, for
// the pool, or on demand), fed one job (or, in reuse mode, one job after another), then removed. It owns
// its cleanup, which never throws; a removal that fails is handed to the janitor.
//
//   launch ──► idle ──run()──► running ──frame, stdin still open──► idle
//               │                 │
//               │                 └──one-shot job sent, forged frames, worker not reusable, no frame──► retiring
//               └──output ended, forged frames──────────────────────────────────────────────────────► retiring
//   any state ──dispose()──► gone
//
// Only `idle` takes a job. `retiring` may still be finishing its last one, but serves none after it.
import type { Logger } from 'pino';
import type { ContainerClient, CreateOptions, HostConfig } from '../docker/containerClient.js';
import { isAbort } from '../docker/dockerErrors.js';
import type { RemovalReport } from '../cleanup/janitor.js';
import { LABEL } from '../docker/labels.js';
import { withDeadline } from '../linkedSignal.js';
import type { JobLine } from '../protocol/jobLine.js';
import { collectOutput, type OutputCollection } from '../protocol/outputCollector.js';
import { mapExit, type ExitObservation } from '../outcome/mapExit.js';
import type { RunOutcome } from '../outcome/outcome.js';
import { readRunnerMessage } from '../protocol/runnerMessage.js';
import type { Deadlines } from './deadlines.js';

const STDERR_CAP_BYTES = 16 * 1024;
/** Node's and the runner's start, and each job's worker start: charged to RLIMIT_CPU beside the jobs */
const STARTUP_CPU_SEC = 1;
const JOB_CPU_OVERHEAD_SEC = 0.2;

export interface LaunchOptions {
  client: ContainerClient;
  createOptions: CreateOptions;
  /** the value of the launch's LABEL.runId, to find the container if create is cut off mid-flight */
  launchId: string;
  maxStdoutBytes: number;
  deadlines: Pick<Deadlines, 'dockerCallMs' | 'cleanupMs'>;
  signal: AbortSignal;
  log: Logger;
  /** told of a removal that failed, so the container goes once Docker answers again */
  janitor: RemovalReport;
}

export type SandboxState = 'idle' | 'running' | 'retiring' | 'gone';

export type JobLimits = ExitObservation['limits'];

export class Sandbox {
  #state: SandboxState = 'idle';
  #disposed: Promise<void> | undefined;
  #runs = 0;
  /** CPU-seconds charged against RLIMIT_CPU so far, at most: each job's wall time at the CPU quota */
  #cpuSpentSec = 0;

  private constructor(
    readonly id: string,
    private memoryBytes: number,
    private readonly hostConfig: HostConfig,
    readonly startedAtMs: number,
    private readonly stream: NodeJS.ReadWriteStream & { destroy(): void },
    private readonly output: OutputCollection,
    private readonly client: ContainerClient,
    private readonly log: Logger,
    private readonly cleanupMs: number,
    private readonly janitor: RemovalReport,
  ) {
    void output.done.then(() => this.#retire());
  }

  /** Create, attach (before start, so no output is lost), start. A failure removes what was made. */
  static async launch(o: LaunchOptions): Promise<Sandbox> {
    const step = <T>(call: (signal: AbortSignal) => Promise<T>) => withDeadline(o.deadlines.dockerCallMs, o.signal, call);
    let id: string | undefined;
    try {
      const containerId = await step((signal) => o.client.create(o.createOptions, signal));
      id = containerId;
      const stream = await step((signal) => o.client.attach(containerId, signal));
      const kill = () =>
        o.client.kill(containerId, AbortSignal.timeout(o.deadlines.cleanupMs)).catch((err: unknown) => o.log.warn({ err }, 'kill failed'));
      const output = collectOutput(stream, { stdoutBytes: o.maxStdoutBytes, stderrBytes: STDERR_CAP_BYTES }, () => {
        o.log.info({ containerId }, 'sandbox output over its cap: killing it');
        void kill();
      });
      await step((signal) => o.client.start(containerId, signal));
      const hostConfig = o.createOptions.HostConfig ?? {};
      return new Sandbox(
        id,
        hostConfig.Memory ?? 0,
        hostConfig,
        Date.now(),
        stream,
        output,
        o.client,
        o.log.child({ containerId: id }),
        o.deadlines.cleanupMs,
        o.janitor,
      );
    } catch (err) {
      await removeQuietly(o, id);
      throw err;
    }
  }

  get state(): SandboxState {
    return this.#state;
  }

  /** Fit to take a job: running, not busy, its stdin still open. */
  get idle(): boolean {
    return this.#state === 'idle';
  }

  /** Serves no further job (it may still finish the one it has). */
  #retire() {
    if (this.#state === 'idle' || this.#state === 'running') this.#state = 'retiring';
  }

  /** What is left of RLIMIT_CPU after the jobs so far, at most: a reuse sandbox takes no job it could not finish. */
  get cpuLeftSec(): number {
    const cpu = this.hostConfig.Ulimits?.find((u) => u.Name === 'cpu');
    return (cpu?.Soft ?? Infinity) - STARTUP_CPU_SEC - this.#cpuSpentSec;
  }

  private get cpus(): number {
    return (this.hostConfig.NanoCpus ?? 1e9) / 1e9;
  }

  /** jobs this sandbox has been given */
  get runs(): number {
    return this.#runs;
  }

  async resize(memoryBytes: number, signal: AbortSignal): Promise<void> {
    if (memoryBytes === this.memoryBytes) return;
    await this.client.setMemory(this.id, memoryBytes, signal);
    this.memoryBytes = memoryBytes;
  }

  /**
   * Sends the job and waits for the first of: the runner's frame, the end of the container's output,
   * the run deadline, the client going away. The frame answers at once; without one, the container's
   * exit state decides. A reuse job leaves stdin open, so the sandbox can take the next one after it.
   */
  async run(
    job: JobLine,
    limits: JobLimits,
    d: Pick<Deadlines, 'runMs' | 'drainMs' | 'cleanupMs'>,
    signal: AbortSignal,
  ): Promise<RunOutcome> {
    if (this.#state !== 'idle') throw new Error(`this sandbox cannot take a job (${this.#state})`);
    this.#state = 'running';
    this.#runs++;
    const startedAt = performance.now();
    const charge = () => (this.#cpuSpentSec += ((performance.now() - startedAt) / 1000) * this.cpus + JOB_CPU_OVERHEAD_SEC);
    // Already one line of JSON in parts (protocol/jobLine.ts): the user's data is written as the bytes it is.
    for (const part of job.parts) this.stream.write(part);
    if (!job.head.reuse) {
      this.#retire(); // a one-shot job closes stdin: nothing can follow it
      this.stream.end();
    }
    const runDeadline = AbortSignal.timeout(d.runMs);
    let first: 'frame' | 'ended' | 'deadline' | 'client';
    for (;;) {
      first = await Promise.race([
        this.output.frame().then(() => 'frame' as const),
        this.output.done.then(() => 'ended' as const),
        aborted(runDeadline).then(() => 'deadline' as const),
        aborted(signal).then(() => 'client' as const),
      ]);
      if (first !== 'frame') break;
      const read = readRunnerMessage(this.output.snapshot().stdout, job.head.frameKey);
      this.#noteForged(read.forged);
      if (read.message && read.message.type !== 'failure') {
        this.output.consumeFrame(read.end);
        charge();
        // A reuse job's worker that did not stop may still be running: no next job for this sandbox.
        if (read.message.reusable === false) this.#retire();
        else if (this.#state === 'running') this.#state = 'idle';
        return mapExit(this.#observation({ message: read.message, elapsedSec: (performance.now() - startedAt) / 1000, limits }));
      }
      if (read.message) break; // the runner's own failure: its exit decides
      // Only lines that are not the runner's so far: look past them for its frame. They never shorten
      // the run, and their bytes stay under the output cap, so a flood of them ends as OUTPUT_LIMIT.
      this.output.consumeFrame(read.scanned, { refund: false });
    }
    if (first === 'client') throw signal.reason;
    const elapsedSec = (performance.now() - startedAt) / 1000;
    this.#retire(); // no usable frame: this sandbox takes no further job
    const deadlineHit = first === 'deadline';
    if (deadlineHit) await this.client.kill(this.id, AbortSignal.timeout(d.cleanupMs));
    // Without a usable frame, the exit state decides: wait for it, then for the last output.
    try {
      await this.client.wait(this.id, AbortSignal.timeout(d.drainMs + d.cleanupMs));
    } catch (err) {
      if (!isAbort(err)) throw err;
      await this.client.kill(this.id, AbortSignal.timeout(d.cleanupMs));
    }
    const collected = await Promise.race([this.output.done, sleep(d.drainMs).then(() => this.output.snapshot())]);
    const state = await this.client.inspect(this.id, AbortSignal.timeout(d.cleanupMs));
    const read = readRunnerMessage(collected.stdout, job.head.frameKey);
    this.#noteForged(read.forged);
    return mapExit(
      this.#observation({
        message: read.message,
        exitCode: state.exitCode,
        oomKilled: state.oomKilled,
        deadlineHit,
        outputOverflowed: collected.overflowed,
        stdoutBytes: Buffer.byteLength(collected.stdout),
        stderrTail: collected.stderr.slice(-2000),
        elapsedSec,
        limits,
      }),
    );
  }

  /** Frames without the job's key mean user code reached stdout: the sandbox serves no further job. */
  #noteForged(forged: number) {
    if (forged === 0) return;
    this.#retire();
    this.log.warn({ forged }, "frames without the job's key on the sandbox's stdout: ignored, and the sandbox is not reused");
  }

  #observation(o: Partial<ExitObservation> & Pick<ExitObservation, 'elapsedSec' | 'limits'>): ExitObservation {
    return {
      message: undefined,
      exitCode: null,
      oomKilled: false,
      deadlineHit: false,
      outputOverflowed: false,
      stdoutBytes: 0,
      stderrTail: '',
      ...o,
    };
  }

  /** Removes the container (forced: a running one is killed first). Safe to call twice; never throws. */
  dispose(): Promise<void> {
    this.#state = 'gone';
    this.#disposed ??= (async () => {
      this.stream.destroy();
      await this.client.remove(this.id, AbortSignal.timeout(this.cleanupMs)).catch((err: unknown) => {
        this.log.warn({ err }, 'could not remove sandbox; the janitor retries');
        this.janitor.removalFailed({ containerId: this.id });
      });
    })();
    return this.#disposed;
  }
}

/** A create cut off mid-flight may still be carried out by the engine after our request has gone. */
const LATE_CREATE_MS = 1_000;

async function removeQuietly(o: LaunchOptions, id: string | undefined) {
  try {
    if (id) {
      await o.client.remove(id, AbortSignal.timeout(o.deadlines.cleanupMs));
      return;
    }
    // Create was cut off mid-flight: Docker may have made the container, now or a moment later, so it is
    // looked for by label twice, the second time after the engine had time to finish a late create.
    for (const wait of [0, LATE_CREATE_MS]) {
      if (wait > 0) await sleep(wait);
      const found = await o.client.listByLabel(`${LABEL.runId}=${o.launchId}`, AbortSignal.timeout(o.deadlines.cleanupMs));
      await Promise.all(found.map((c) => o.client.remove(c.id, AbortSignal.timeout(o.deadlines.cleanupMs))));
    }
  } catch (err) {
    o.log.warn({ err, launchId: o.launchId }, 'could not clean up a failed launch; the janitor retries');
    o.janitor.removalFailed(id ? { containerId: id } : { launchId: o.launchId });
  }
}

const aborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
