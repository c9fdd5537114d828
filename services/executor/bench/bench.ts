// `pnpm bench`: one run, one table. A trivial node through each path side by side (docker run, the
// raw Engine API, the service cold, the service with its warm pool, node on the host), then where
// the warm pool's knee is, then what the runner's monitoring costs a CPU-bound node, then whether large
// bodies hold the event loop (bench/eventLoop.ts).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import Docker from 'dockerode';
import { DockerodeClient } from '../src/docker/dockerodeClient.js';
import { LABEL } from '../src/docker/labels.js';
import { removeInstanceContainers } from '../src/cleanup/sweeps.js';
import { bootCosts } from './boot.js';
import { describeRow, eventLoopUnderLargeBodies, IN_FLIGHT, ROW_HEADER } from './eventLoop.js';
import { cgroupMemoryMb, hostMemory } from './footprint.js';
import { arrivals, load, paced, sleep, summarize, type LatencySummary } from './measure.js';
import { BENCH_INSTANCE, benchConfig, dockerRun, dockerRunArgs, hostNode, rawEngine, service, TRIVIAL, type BenchPath } from './paths.js';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const n = (x: number) => Math.max(2, Math.round(x * scale));
const LEVELS = [1, 4, 16] as const;
const POOL_SIZE = 4;
const docker = new Docker();
const client = new DockerodeClient();
const say = (s: string) => process.stdout.write(`${s}\n`);

interface Row {
  path: string;
  latency: LatencySummary;
  perSecond: Record<(typeof LEVELS)[number], number>;
  cpuSecondsEach: number;
  idleMb?: string;
}

/** requests per throughput level: enough to fill the level a few times over */
const perLevel = (c: number, many = 1) => n((c === 1 ? 8 : c === 4 ? 16 : 32) * many);

async function measurePath(p: BenchPath, latencyRuns: () => Promise<number[]>, extra: Partial<Row> = {}, many = 1): Promise<Row> {
  say(`- ${p.name}`);
  const latency = summarize(await latencyRuns());
  const perSecond = {} as Row['perSecond'];
  let cpuSecondsEach = NaN;
  for (const c of LEVELS) {
    const r = await load(() => p.once(), perLevel(c, many), c);
    perSecond[c] = r.perSecond;
    if (c === 4) cpuSecondsEach = r.cpuSecondsEach;
  }
  return { path: p.name, latency, perSecond, cpuSecondsEach, ...extra };
}

const back2back = (p: BenchPath, count: number) => async () => (await load(() => p.once(), count, 1)).latencies;

async function waitWarm(s: Awaited<ReturnType<typeof service>>, ms = 60_000) {
  const end = Date.now() + ms;
  while (!s.executor.orchestrator.pool?.warm || (s.executor.orchestrator.pool?.stats.idle ?? 0) < POOL_SIZE) {
    if (Date.now() > end) throw new Error('the pool did not warm up');
    await sleep(100);
  }
}

/**
 * Host memory of each idle pooled sandbox (PSS of its processes and shim, and the private part of it,
 * which is what one more sandbox adds: Node's binary is shared by all), and its cgroup memory.
 */
async function idleFootprint(): Promise<string> {
  const s = await service('footprint', benchConfig({ EXECUTOR_POOL_SIZE: String(POOL_SIZE) }));
  s.executor.orchestrator.warmUp({ memoryLimit: 512, timeLimit: 30, enableNetworking: false });
  await waitWarm(s);
  await sleep(3000); // let the runners settle into their wait
  const ids = (await client.listByLabel(`${LABEL.createdBy}=${BENCH_INSTANCE}`, AbortSignal.timeout(10_000))).map((c) => c.id);
  const each = await Promise.all(ids.map(async (id) => ({ id, pid: (await docker.getContainer(id).inspect()).State.Pid })));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const host = each.map(({ id, pid }) => hostMemory(id, pid));
  const pssMb = mean(host.map((h) => h.pssMb));
  const anonMb = mean(host.map((h) => h.anonMb));
  const cgroupMb = mean(ids.map(cgroupMemoryMb));
  await s.stop();
  return `${pssMb.toFixed(1)} host PSS (${anonMb.toFixed(1)} private) / ${cgroupMb.toFixed(1)} cgroup`;
}

/**
 * The same CPU-bound body bare in a container and under the runner, alternating. The runner's side goes
 * through the cold path, so no pool refill shares the machine with the timed loop: what differs is the
 * runner alone (its worker, vm context, guard, and the time and memory watchdogs).
 */
async function monitoringOverhead(config: ReturnType<typeof benchConfig>) {
  // The same function body both ways, so both are compiled and optimised alike.
  const TIMED =
    'const t0 = performance.now(); let x = 0; for (let i = 0; i < 1e8; i++) { x = (x + i * i) % 1000003; } return performance.now() - t0;';
  const bareArgs = [...dockerRunArgs(config), '--entrypoint', 'node', config.image.name, '-e', `console.log((() => { ${TIMED} })())`];
  const s = await service('overhead', benchConfig({ EXECUTOR_POOL_SIZE: '0' }));
  const bare: number[] = [];
  const runner: number[] = [];
  for (let i = 0; i < n(10); i++) {
    bare.push(Number(execFileSync('docker', bareArgs, { encoding: 'utf8' }).trim()));
    runner.push((await s.post({ code: TIMED })) as number);
  }
  await s.stop();
  const bareMs = summarize(bare).p50;
  const runnerMs = summarize(runner).p50;
  return { bareMs, runnerMs, overheadPct: ((runnerMs - bareMs) / bareMs) * 100 };
}

function machine() {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const dockerVersion = execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8' }).trim();
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Linux ${os.release()}, Docker ${dockerVersion}, Node ${process.version}`;
}

const f = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

async function main() {
  const config = benchConfig();
  say(`benchmark on ${machine()} (BENCH_SCALE=${scale})`);
  const rows: Row[] = [];

  const baseline = dockerRun(config);
  rows.push(await measurePath(baseline, back2back(baseline, n(10))));
  const raw = rawEngine(config);
  rows.push(await measurePath(raw, back2back(raw, n(10))));
  const cold = await service('service, cold path (pool off)', benchConfig({ EXECUTOR_POOL_SIZE: '0' }));
  rows.push(await measurePath(cold, back2back(cold, n(10))));
  await cold.stop();

  const idleMb = await idleFootprint();
  const warm = await service('service, warm pool (one-shot)', benchConfig({ EXECUTOR_POOL_SIZE: String(POOL_SIZE) }));
  warm.executor.orchestrator.warmUp({ memoryLimit: 512, timeLimit: 30, enableNetworking: false });
  await waitWarm(warm);
  rows.push(await measurePath(warm, () => paced(() => warm.once(), n(30), 2000), { idleMb }));

  // Open-loop arrivals, ever faster until the pool serves under half of them warm: the knee is where the
  // arrival rate passes the rate at which the pool can start replacements.
  say('- warm pool knee');
  const knee: Array<{ intervalMs: number; latency: LatencySummary; hitRate: number; failed: number }> = [];
  for (const intervalMs of [2000, 1000, 500, 350, 250, 180, 125, 90, 63, 45, 32, 22, 16]) {
    await waitWarm(warm);
    const before = warm.executor.orchestrator.pool!.stats;
    const { latencies, failed } = await arrivals(() => warm.once(), n(40), intervalMs);
    const after = warm.executor.orchestrator.pool!.stats;
    const hitRate = (after.hits - before.hits) / (after.hits + after.misses - before.hits - before.misses);
    knee.push({ intervalMs, latency: summarize(latencies), hitRate, failed });
    if (hitRate < 0.5) break;
  }
  await warm.stop();

  // Reuse mode: the same node for one tenant; the sandboxes for each concurrency level are made first.
  const reuse = await service(
    'service, reuse mode (same code, one tenant)',
    benchConfig({
      EXECUTOR_POOL_SIZE: '0',
      EXECUTOR_REUSE_MAX_IDLE: '16',
      EXECUTOR_REUSE_MAX_RUNS: '100000',
      EXECUTOR_REUSE_MAX_AGE_SEC: '600',
    }),
    TRIVIAL,
    'bench-tenant',
  );
  await load(() => reuse.once(), 16, 16);
  rows.push(await measurePath(reuse, back2back(reuse, n(200)), {}, 25));
  await reuse.stop();

  const host = hostNode();
  rows.push(await measurePath(host, back2back(host, n(20))));

  say('- monitoring overhead');
  const overhead = await monitoringOverhead(config);
  say('- Node at boot');
  const boot = await bootCosts(docker, config, n(6));
  await removeInstanceContainers(client, BENCH_INSTANCE);
  say(`- /health/live while ${IN_FLIGHT} of the largest many-element bodies are in flight`);
  const loop = await eventLoopUnderLargeBodies();

  const base = rows[0]!;
  const table = [
    '| path | p50 ms | p95 ms | p99 ms | exec/s at c=1 | c=4 | c=16 | CPU-s per exec | idle sandbox MB | p50 vs baseline | c=4 throughput vs baseline |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) =>
      [
        r.path,
        f(r.latency.p50),
        f(r.latency.p95),
        f(r.latency.p99),
        f(r.perSecond[1], 2),
        f(r.perSecond[4], 2),
        f(r.perSecond[16], 2),
        f(r.cpuSecondsEach, 2),
        r.idleMb ?? '',
        `${f(r.latency.p50 / base.latency.p50, 3)}×`,
        `${f(r.perSecond[4] / base.perSecond[4], 2)}×`,
      ]
        .join(' | ')
        .replace(/^/, '| ')
        .replace(/$/, ' |'),
    ),
  ];
  const kneeTable = [
    '| one request every | requests/s | p50 ms | p95 ms | p99 ms | served warm | refused (503) |',
    '|---|---|---|---|---|---|---|',
    ...knee.map(
      (k) =>
        `| ${k.intervalMs} ms | ${f(1000 / k.intervalMs, 1)} | ${f(k.latency.p50)} | ${f(k.latency.p95)} | ${f(k.latency.p99)} | ${f(k.hitRate * 100)}% | ${k.failed} |`,
    ),
  ];
  const rawCpuMs = (rows.find((r) => r.path.startsWith('raw Engine API'))?.cpuSecondsEach ?? NaN) * 1000;
  const pooledBoot = boot.at(-1)!;
  const bootTable = [
    '| in the sandbox, started and idle | CPU ms | cgroup MB |',
    '|---|---|---|',
    ...boot.map((b) => `| ${b.variant} | ${f(b.cpuMs)} | ${f(b.memoryMb, 1)} |`),
  ];
  const report = [
    `# Benchmark`,
    ``,
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}, by \`pnpm bench\` (BENCH_SCALE=${scale}).`,
    `Latency is of a trivial node (\`return 1\`) at concurrency 1: back to back for the cold paths, one request every 2 s for the warm pool. CPU-s per execution is the whole machine's busy time (dockerd, containerd and the kernel included) during the concurrency-4 run, divided by the executions.`,
    ``,
    ...table,
    ``,
    `Warm pool (${POOL_SIZE} idle sandboxes, refill concurrency 1, at most ${benchConfig().concurrency.running} running) as the arrival rate rises: ${n(40)} requests at each rate, sent on schedule whether or not the earlier ones have answered:`,
    ``,
    ...kneeTable,
    ``,
    `What Node costs to start inside a sandbox (median of ${n(6)} containers each, CPU time of the container's cgroup once idle):`,
    ``,
    ...bootTable,
    ``,
    `A whole container lifecycle costs the machine ${f(rawCpuMs)} CPU-ms (the raw Engine API row); Node as the pool starts it is ${f((pooledBoot.cpuMs / rawCpuMs) * 100)}% of that, the rest is dockerd, containerd, runc and the kernel.`,
    ``,
    `Monitoring overhead on a CPU-bound node (the same loop, alternating, median of ${n(10)}): bare \`node -e\` in the same container ${f(overhead.bareMs)} ms, under the runner ${f(overhead.runnerMs)} ms: ${f(overhead.overheadPct, 1)}%.`,
    ``,
    `Whether large bodies hold the event loop: the service in its own process (at most 2 running), ${loop.bodies} bodies sent at once, each just under \`EXECUTOR_BODY_LIMIT_BYTES\` with inputs of millions of one-digit numbers and code that counts them (each runs in a sandbox), and \`/health/live\` probed every 20 ms on schedule, as a liveness probe is, from the first body sent to the last answer${loop.wrong.length > 0 ? ` (wrong answers: ${loop.wrong.join(', ')})` : ''}:`,
    ``,
    ...ROW_HEADER,
    describeRow(loop),
    ``,
  ].join('\n');
  mkdirSync(new URL('.', import.meta.url), { recursive: true });
  writeFileSync(new URL('./RESULTS.md', import.meta.url), report);
  say(`\n${report}`);
}

main().catch(async (err: unknown) => {
  process.stderr.write(`benchmark failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  await removeInstanceContainers(client, BENCH_INSTANCE).catch(() => {});
  process.exit(1);
});
