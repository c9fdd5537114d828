// The ways to run one trivial node that the benchmark puts side by side, each as a start/once/stop object.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import protocol, { type Job } from '@edgeql/node-js/protocol';
import { buildApp } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import { DockerodeClient } from '../src/docker/dockerodeClient.js';
import { sandboxCreateOptions } from '../src/hardening/hostConfig.js';
import { LABEL } from '../src/docker/labels.js';
import { jobLine } from '../src/protocol/jobLine.js';
import { createExecutor } from '../src/compose.js';
import { Sandbox } from '../src/sandboxes/sandbox.js';

export const TRIVIAL = 'return 1';
export const BENCH_INSTANCE = `bench-${randomUUID().slice(0, 8)}`;

export function benchConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ ...process.env, LOG_LEVEL: 'silent', EXECUTOR_INSTANCE_ID: BENCH_INSTANCE, ...env });
}

export function job(config: Config, code: string, timeLimitSec = 30): Job {
  return {
    v: 1,
    frameKey: randomUUID(),
    code,
    inputs: {},
    params: {},
    limits: { memoryLimitMb: 512, timeLimitSec, enableNetworking: false, enableFileSystem: false, allowedModules: null },
    output: { ...config.output },
  };
}

export const createOptions = (config: Config) =>
  sandboxCreateOptions({
    image: config.image.name,
    spec: { memoryLimit: 512, timeLimit: 30, enableNetworking: false },
    sandbox: config.sandbox,
    labels: { [LABEL.managed]: 'true', [LABEL.createdBy]: BENCH_INSTANCE, [LABEL.runId]: randomUUID() },
  });

function runProcess(cmd: string, args: string[], stdin?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} exited ${code}`))));
    p.stdin.end(stdin ?? '');
  });
}

/** The same hardening as the service's HostConfig, as `docker run` flags: what a user would script. */
export function dockerRunArgs(config: Config): string[] {
  const h = createOptions(config).HostConfig!;
  const ulimits = (h.Ulimits ?? []).flatMap((u) => ['--ulimit', `${u.Name}=${u.Soft}:${u.Hard}`]);
  return [
    'run',
    '--rm',
    '-i',
    '--network',
    'none',
    '--read-only',
    '--init',
    '--user',
    '1001:1001',
    '--cap-drop',
    'ALL',
    '--security-opt',
    'no-new-privileges:true',
    '--ipc',
    'private',
    '--log-driver',
    'none',
    '--memory',
    String(h.Memory),
    '--memory-swap',
    String(h.MemorySwap),
    '--cpus',
    String((h.NanoCpus ?? 1e9) / 1e9),
    '--pids-limit',
    String(h.PidsLimit),
    '--tmpfs',
    `/tmp:${h.Tmpfs!['/tmp']}`,
    ...ulimits,
    '--label',
    `${LABEL.managed}=true`,
    '--label',
    `${LABEL.createdBy}=${BENCH_INSTANCE}`,
  ];
}

export interface BenchPath {
  name: string;
  once(): Promise<void>;
  stop(): Promise<void>;
}

export function hostNode(): BenchPath {
  return {
    name: 'plain `node -e` on the host (floor)',
    once: async () => void (await runProcess(process.execPath, ['-e', '1'])),
    stop: async () => {},
  };
}

export function dockerRun(config: Config): BenchPath {
  const args = [...dockerRunArgs(config), config.image.name];
  const input = JSON.stringify(job(config, TRIVIAL));
  return {
    name: '`docker run --rm`, same image and flags (baseline)',
    once: async () => {
      const out = await runProcess('docker', args, input);
      if (!out.includes(protocol.FRAME)) throw new Error('docker run gave no result');
    },
    stop: async () => {},
  };
}

/** create, attach, start, job, result, remove: straight through dockerode, no service around it */
export function rawEngine(config: Config): BenchPath {
  const client = new DockerodeClient();
  const log = pino({ level: 'silent' });
  return {
    name: 'raw Engine API lifecycle (floor for the cold path)',
    once: async () => {
      const s = await Sandbox.launch({
        client,
        createOptions: createOptions(config),
        launchId: randomUUID(),
        maxStdoutBytes: 4 << 20,
        deadlines: { dockerCallMs: 30_000, cleanupMs: 10_000 },
        signal: new AbortController().signal,
        log,
        janitor: { removalFailed: () => undefined },
      });
      const limits = { memoryLimitMb: 512, timeLimitSec: 30, containerMemoryMb: 576, maxStdoutBytes: 4 << 20 };
      const { inputs, params, frameKey = randomUUID(), ...head } = job(config, TRIVIAL);
      const o = await s.run(
        jobLine({ ...head, frameKey }, Buffer.from(JSON.stringify(inputs)), Buffer.from(JSON.stringify(params))),
        limits,
        { runMs: 35_000, drainMs: 2_000, cleanupMs: 10_000 },
        new AbortController().signal,
      );
      await s.dispose();
      if (o.kind !== 'result') throw new Error('raw lifecycle gave no result');
    },
    stop: async () => {},
  };
}

/** The real service over HTTP on a local port. */
export async function service(name: string, config: Config, code = TRIVIAL, reuseKey?: string) {
  const logger = pino({ level: 'silent' });
  const executor = createExecutor(config, logger, { instanceId: BENCH_INSTANCE });
  const app = buildApp({ config, logger, ...executor });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/execute`;
  const post = async (body: Record<string, unknown>) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await res.json()) as { success: boolean; result?: unknown; error?: unknown };
    if (res.status !== 200 || !json.success) throw new Error(`${name}: ${res.status} ${JSON.stringify(json)}`);
    return json.result;
  };
  const path: BenchPath & { post: typeof post; executor: typeof executor } = {
    name,
    post,
    executor,
    once: async () => void (await post({ code, ...(reuseKey ? { reuseKey } : {}) })),
    stop: () => app.close(),
  };
  return path;
}
