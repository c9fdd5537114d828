// Runs one node spec in a sandbox and says what came of it: a fresh or pooled one-shot sandbox, used for
// that run alone, or (with a reuseKey) a sandbox kept for the same tenant's same code between runs.
//
//   pre-flight parse ──(certain to fail)──► violation, no container
//        │
//   acquire slot ─► take a warm sandbox for the spec's key ──(none)──► launch one: create, attach, start
//        │                 │ resize memory to the spec                                   │
//        │                 └──────────────────────────► job on stdin ◄────────────────────┘
//        │                                                   │
//        │                            frame │ output ends │ run deadline │ client gone
//        │                                                   ▼
//        └──────── finally: a reuse sandbox still fit goes back to the reuse pool; any other is removed
//                  in the background (a failed removal goes to the janitor), then the slot is released
import { randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import protocol from '@edgeql/node-js/protocol';
import type { Config } from '../config.js';
import type { ContainerClient } from '../docker/containerClient.js';
import type { RemovalReport } from '../cleanup/janitor.js';
import { containerMemoryMb, cpuSecondsLimit, sandboxCreateOptions, type SandboxShape } from '../hardening/hostConfig.js';
import { createLabels, type Owner } from '../docker/labels.js';
import type { SandboxNetwork } from '../hardening/sandboxNetwork.js';
import { withDeadline } from '../linkedSignal.js';
import { VIOLATIONS } from '../outcome/codes.js';
import type { RunOutcome } from '../outcome/outcome.js';
import { jobLine, type JobLine } from '../protocol/jobLine.js';
import type { Slots } from '../admission/slots.js';
import { ReusePool, reuseKeyOf } from './reusePool.js';
import { WarmPool } from './warmPool.js';
import type { NodeSpec } from '../spec/nodeSpec.js';
import { preflight } from '../spec/preflight.js';
import { isRunSpec, runSpecOf, type RunSpec } from '../spec/runSpec.js';
import { deadlines } from './deadlines.js';
import { Sandbox } from './sandbox.js';

export interface RunnerDeps {
  client: ContainerClient;
  network: SandboxNetwork;
  slots: Slots;
  config: Pick<Config, 'image' | 'sandbox' | 'output' | 'pool' | 'request' | 'reuse'>;
  log: Logger;
  /** marks the containers this service instance (and this process of it) created */
  owner: Owner;
  /** takes over a removal that failed */
  janitor: RemovalReport;
}

export interface RunOptions {
  executionId?: string;
  /** aborted when the client goes away: the slot is given back and the container goes */
  signal?: AbortSignal;
  /** extra labels for a container started for this run (the tests use one to find their own) */
  labels?: Record<string, string>;
  /** told which container serves the run, before the job is sent; warm: pooled or reused */
  onSandbox?: (containerId: string, warm: boolean) => void;
}

/** One call to Docker under the step deadline and the run's own signal. */
type Step = <T>(call: (signal: AbortSignal) => Promise<T>) => Promise<T>;
type ShapeSpec = SandboxShape;
const MiB = 1024 * 1024;
/** request shapes (network mode × CPU-seconds limit) kept warm at once */
const MAX_POOL_SHAPES = 8;

export class SandboxOrchestrator {
  readonly pool: WarmPool<ShapeSpec> | undefined;
  readonly reuse: ReusePool | undefined;
  #disposing = new Set<Promise<void>>();

  constructor(private readonly deps: RunnerDeps) {
    const { pool } = deps.config;
    this.pool =
      pool.size > 0
        ? new WarmPool<ShapeSpec>(
            (spec, signal) => this.#launch(spec, {}, signal),
            {
              size: pool.size,
              refillConcurrency: pool.refillConcurrency,
              idleMs: pool.idleSec * 1000,
              mayRefill: () => deps.slots.stats.running < deps.slots.stats.max,
              maxKeys: MAX_POOL_SHAPES,
            },
            deps.log.child({ component: 'pool' }),
          )
        : undefined;
    const { reuse } = deps.config;
    this.reuse =
      reuse.maxIdle > 0 ? new ReusePool({ maxRuns: reuse.maxRuns, maxAgeMs: reuse.maxAgeSec * 1000, maxIdle: reuse.maxIdle }) : undefined;
  }

  /** Keeps sandboxes warm for the default request shape (no network, the default time limit). */
  warmUp(spec: ShapeSpec) {
    this.pool?.pin(this.#key(spec), spec);
  }

  /** stdout can hold one frame: the result, the logs with JSON escaping at its worst, and the stats. */
  get maxStdoutBytes() {
    const o = this.deps.config.output;
    return o.maxResultBytes + 6 * o.maxLogBytes + 128 * o.maxLogEntries + 64 * 1024;
  }

  /**
   * A RunSpec from the route (its inputs and params JSON text, pre-flight done where the body was read),
   * or a NodeSpec from a caller in this process, whose data is serialised here.
   */
  async run(given: RunSpec | NodeSpec, opts: RunOptions = {}): Promise<RunOutcome> {
    const spec = isRunSpec(given) ? given : runSpecOf(given);
    const signal = opts.signal ?? new AbortController().signal;
    const runId = opts.executionId ?? randomUUID();
    const log = this.deps.log.child({ executionId: runId });
    const refused = this.deps.config.request.preflight
      ? spec.preflight === undefined
        ? preflight(spec)
        : (spec.preflight ?? undefined)
      : undefined;
    if (refused) {
      log.info({ outcome: 'violation', violation: refused.type, preflight: true }, 'run refused before any container');
      return { kind: 'violation', violation: refused, logs: [], stats: { memoryUsed: 0, peakMemory: 0, executionTime: 0, rss: 0 } };
    }
    const release = await this.deps.slots.acquire(signal);
    const d = deadlines(spec.timeLimit);
    const tenant = this.reuse ? spec.reuseKey : undefined;
    const job = this.#job(spec, Boolean(tenant));
    const reuseKey = tenant ? reuseKeyOf(tenant, spec.code, job.head.limits) : undefined;
    let sandbox: Sandbox | undefined;
    let keep = false;
    try {
      const step: Step = (call) => withDeadline(d.dockerCallMs, signal, call);
      const memoryBytes = containerMemoryMb(spec.memoryLimit, this.deps.config.sandbox.memoryHeadroomMb) * MiB;
      // A reuse sandbox is made for many runs (its RLIMIT_CPU sized for them), so never a pooled one.
      const cpuNeedSec = cpuSecondsLimit(spec.timeLimit, this.deps.config.sandbox.cpus);
      sandbox = reuseKey ? this.reuse?.take(reuseKey, cpuNeedSec) : await this.#warm(spec, memoryBytes, step, log);
      const warm = sandbox !== undefined;
      sandbox ??= await this.#launch(spec, opts.labels ?? {}, signal, runId, reuseKey ? this.deps.config.reuse.maxRuns : 1);
      log.debug({ containerId: sandbox.id, warm, runs: sandbox.runs }, 'sandbox ready');
      opts.onSandbox?.(sandbox.id, warm);
      const outcome = await sandbox.run(job, this.#limits(spec), d, signal);
      // `idle`: the sandbox has not said its worker may still run, and showed no sign of a breach.
      keep = reuseKey !== undefined && sandbox.idle && (outcome.kind === 'result' || !VIOLATIONS[outcome.violation.type].retiresReuse);
      log.info(
        {
          containerId: sandbox.id,
          warm,
          reuse: reuseKey !== undefined,
          outcome: outcome.kind,
          violation: outcome.kind === 'violation' ? outcome.violation.type : undefined,
          seconds: outcome.stats.executionTime,
        },
        'run finished',
      );
      return outcome;
    } catch (err) {
      // Cut off while the sandbox was being made or fed (client gone, shutdown): the cut's own reason,
      // not a Docker failure.
      throw signal.aborted ? signal.reason : err;
    } finally {
      if (keep && sandbox && reuseKey) {
        this.reuse?.give(reuseKey, sandbox);
        release();
      } else if (!sandbox) {
        release();
      } else {
        // The answer need not wait for the removal, nor for the pool's replacement: both start once the
        // answer is on its way (setImmediate runs after this turn's I/O). The slot waits for the removal,
        // so running containers stay bounded.
        const used = sandbox;
        const removal = new Promise<void>((resolve) => setImmediate(resolve))
          .then(() => {
            this.pool?.refill();
            return used.dispose();
          })
          .finally(release);
        this.#disposing.add(removal);
        void removal.finally(() => this.#disposing.delete(removal));
      }
    }
  }

  /** Removes idle pooled and reuse sandboxes and waits for removals under way. */
  async close(): Promise<void> {
    await Promise.all([this.pool?.close(), this.reuse?.close()]);
    await Promise.all(this.#disposing);
  }

  /** A pooled sandbox resized to the spec's memory, or undefined. One that cannot be resized is dropped. */
  async #warm(spec: RunSpec, memoryBytes: number, step: Step, log: Logger): Promise<Sandbox | undefined> {
    if (spec.enableNetworking) await step((s) => this.deps.network.ensure(s));
    const sandbox = this.pool?.take(this.#key(spec), this.#shape(spec));
    if (!sandbox) return undefined;
    try {
      await step((s) => sandbox.resize(memoryBytes, s));
      return sandbox;
    } catch (err) {
      log.warn({ err, containerId: sandbox.id }, 'could not resize a pooled sandbox; starting a fresh one');
      void sandbox.dispose();
      return undefined;
    }
  }

  #launch(
    spec: ShapeSpec,
    labels: Record<string, string>,
    signal: AbortSignal,
    launchId: string = randomUUID(),
    runs = 1,
  ): Promise<Sandbox> {
    const { config, client, owner } = this.deps;
    return Sandbox.launch({
      client,
      createOptions: sandboxCreateOptions({
        image: config.image.name,
        spec,
        runs,
        sandbox: config.sandbox,
        labels: createLabels(launchId, owner, labels),
      }),
      launchId,
      maxStdoutBytes: this.maxStdoutBytes,
      deadlines: deadlines(spec.timeLimit),
      signal,
      log: this.deps.log,
      janitor: this.deps.janitor,
    });
  }

  /** Sandboxes are interchangeable when everything fixed at creation matches. */
  #key(spec: ShapeSpec): string {
    return `${spec.enableNetworking ? 'network' : 'none'}/cpu-${cpuSecondsLimit(spec.timeLimit, this.deps.config.sandbox.cpus)}s`;
  }

  #shape(spec: RunSpec): ShapeSpec {
    return { memoryLimit: spec.memoryLimit, timeLimit: spec.timeLimit, enableNetworking: spec.enableNetworking };
  }

  #limits(spec: RunSpec) {
    return {
      memoryLimitMb: spec.memoryLimit,
      timeLimitSec: spec.timeLimit,
      containerMemoryMb: containerMemoryMb(spec.memoryLimit, this.deps.config.sandbox.memoryHeadroomMb),
      maxStdoutBytes: this.maxStdoutBytes,
    };
  }

  /** The job's line, with the spec's inputs and params spliced in as the JSON text they already are. */
  #job(spec: RunSpec, reuse = false): JobLine {
    const head = {
      reuse,
      // The runner echoes it in its frame and never hands it to user code: a frame without it is not the runner's.
      frameKey: randomBytes(16).toString('hex'),
      v: protocol.PROTOCOL_VERSION,
      code: spec.code,
      limits: {
        memoryLimitMb: spec.memoryLimit,
        timeLimitSec: spec.timeLimit,
        enableNetworking: spec.enableNetworking,
        enableFileSystem: spec.enableFileSystem,
        allowedModules: spec.allowedModules ?? null,
      },
      output: { ...this.deps.config.output },
    };
    return jobLine(head, spec.inputsJson, spec.paramsJson);
  }
}
