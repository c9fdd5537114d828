// Runs one node spec in a fresh hardened container and says what came of it.
//
//   acquire slot ─► create ─► attach ─► start ─► job on stdin ─► wait (deadline) ─► drain ─► inspect ─► map
//        │                                                                                               │
//        └────────────────────────── finally: remove the container, release the slot ◄───────────────────┘
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import protocol, { type Job } from '@edgeql/node-js/protocol';
import type { Config } from '../config.js';
import type { ContainerClient } from '../docker/containerClient.js';
import { isAbort } from '../docker/dockerErrors.js';
import { containerMemoryMb, sandboxCreateOptions } from '../docker/hostConfig.js';
import { createLabels } from '../docker/labels.js';
import { collectOutput } from '../docker/outputCollector.js';
import type { SandboxNetwork } from '../docker/sandboxNetwork.js';
import { mapExit } from '../outcome/mapExit.js';
import type { RunOutcome } from '../outcome/outcome.js';
import { readRunnerMessage } from '../protocol/runnerMessage.js';
import type { Slots } from '../scheduling/slots.js';
import type { NodeSpec } from '../spec/nodeSpec.js';
import { deadlines } from './deadlines.js';
import { SandboxRun } from './sandboxRun.js';

export interface RunnerDeps {
  client: ContainerClient;
  network: SandboxNetwork;
  slots: Slots;
  config: Pick<Config, 'image' | 'sandbox' | 'output'>;
  log: Logger;
  /** marks the containers this service instance created */
  instanceId: string;
}

export interface RunOptions {
  executionId?: string;
  /** aborted when the client goes away: the slot is given back and the container goes */
  signal?: AbortSignal;
  /** extra container labels (the tests use one to find their own containers) */
  labels?: Record<string, string>;
}

const STDERR_CAP_BYTES = 16 * 1024;

export class NodejsSandboxRunner {
  constructor(private readonly deps: RunnerDeps) {}

  /** stdout can hold one frame: the result, the logs with JSON escaping at its worst, and the stats. */
  get maxStdoutBytes() {
    const o = this.deps.config.output;
    return o.maxResultBytes + 6 * o.maxLogBytes + 128 * o.maxLogEntries + 64 * 1024;
  }

  async run(spec: NodeSpec, opts: RunOptions = {}): Promise<RunOutcome> {
    const signal = opts.signal ?? new AbortController().signal;
    const runId = opts.executionId ?? randomUUID();
    const release = await this.deps.slots.acquire(signal);
    const log = this.deps.log.child({ runId });
    const d = deadlines(spec.timeLimit);
    const run = new SandboxRun(runId, this.deps.client, log, d.cleanupMs);
    try {
      return await this.#execute(run, spec, opts, signal, log);
    } finally {
      await run.dispose();
      release();
    }
  }

  async #execute(run: SandboxRun, spec: NodeSpec, opts: RunOptions, signal: AbortSignal, log: Logger): Promise<RunOutcome> {
    const { client, config } = this.deps;
    const d = deadlines(spec.timeLimit);
    const step = () => AbortSignal.any([AbortSignal.timeout(d.dockerCallMs), signal]);
    if (spec.enableNetworking) await this.deps.network.ensure(step());

    const createOpts = sandboxCreateOptions({
      image: config.image.name,
      spec,
      sandbox: config.sandbox,
      labels: createLabels(run.runId, this.deps.instanceId, opts.labels),
    });
    const id = await run.create(createOpts, step());
    log.debug({ containerId: id }, 'sandbox created');

    const stream = await client.attach(id, step());
    const kill = (why: string) => {
      log.debug({ containerId: id, why }, 'killing sandbox');
      client.kill(id, AbortSignal.timeout(d.cleanupMs)).catch((err: unknown) => log.warn({ err }, 'kill failed'));
    };
    const output = collectOutput(stream, { stdoutBytes: this.maxStdoutBytes, stderrBytes: STDERR_CAP_BYTES }, () =>
      kill('output over its cap'),
    );
    try {
      await client.start(id, step());
      const startedAt = performance.now();
      stream.end(JSON.stringify(this.#job(spec)));

      let deadlineHit = false;
      const runDeadline = AbortSignal.timeout(d.runMs);
      try {
        await client.wait(id, AbortSignal.any([runDeadline, signal]));
      } catch (err) {
        if (!isAbort(err) && !runDeadline.aborted && !signal.aborted) throw err;
        if (signal.aborted) throw signal.reason;
        deadlineHit = true;
        kill('run deadline');
      }
      const elapsedSec = (performance.now() - startedAt) / 1000;
      const collected = await Promise.race([output, sleep(d.drainMs).then(() => stream.destroy()).then(() => output)]);
      const state = await client.inspect(id, AbortSignal.timeout(d.cleanupMs));
      const outcome = mapExit({
        message: readRunnerMessage(collected.stdout),
        exitCode: state.exitCode,
        oomKilled: state.oomKilled,
        deadlineHit,
        outputOverflowed: collected.overflowed,
        stdoutBytes: Buffer.byteLength(collected.stdout),
        stderrTail: collected.stderr.slice(-2000),
        elapsedSec,
        limits: {
          memoryLimitMb: spec.memoryLimit,
          timeLimitSec: spec.timeLimit,
          containerMemoryMb: containerMemoryMb(spec.memoryLimit, config.sandbox.memoryHeadroomMb),
          maxStdoutBytes: this.maxStdoutBytes,
        },
      });
      log.info(
        {
          containerId: id,
          outcome: outcome.kind,
          violation: outcome.kind === 'violation' ? outcome.violation.type : undefined,
          exitCode: state.exitCode,
          seconds: outcome.stats.executionTime,
        },
        'run finished',
      );
      return outcome;
    } finally {
      stream.destroy();
    }
  }

  #job(spec: NodeSpec): Job {
    return {
      v: protocol.PROTOCOL_VERSION,
      code: spec.code,
      inputs: spec.inputs,
      params: spec.params,
      limits: {
        memoryLimitMb: spec.memoryLimit,
        timeLimitSec: spec.timeLimit,
        enableNetworking: spec.enableNetworking,
        enableFileSystem: spec.enableFileSystem,
        allowedModules: spec.allowedModules ?? null,
      },
      output: { ...this.deps.config.output },
    };
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
