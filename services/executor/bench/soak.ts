// `pnpm soak`: N mixed executions (successes, timeouts, memory and module violations) through real HTTP
// against a real service it starts, at a client concurrency above the service's limit. Passes when every
// answer is well-formed and as expected, the container count returns to where it was (plus the warm
// pool), and the service's memory is flat: the lowest heap seen in the run's last quarter (the heap
// just after a collection) is within a few MB of the lowest in its second quarter, so a leak of a few KB
// per execution fails a full run. Bounded in count and in time; prints its figures.
//
//   SOAK_N (2000)  SOAK_CONCURRENCY (6)  SOAK_SERVICE_CONCURRENCY (2)  SOAK_MAX_MINUTES (45)  SOAK_POOL_SIZE (0)
import { randomUUID } from 'node:crypto';
import Docker from 'dockerode';
import { LABEL } from '../src/docker/labels.js';
import { eventually, sleep, startService } from '../src/tests/serviceProcess.js';

const N = Number(process.env.SOAK_N ?? 2000);
const CLIENTS = Number(process.env.SOAK_CONCURRENCY ?? 6);
const SERVICE_CONCURRENCY = Number(process.env.SOAK_SERVICE_CONCURRENCY ?? 2);
const MAX_MS = Number(process.env.SOAK_MAX_MINUTES ?? 45) * 60_000;
const POOL_SIZE = Number(process.env.SOAK_POOL_SIZE ?? 0);
const MiB = 1024 * 1024;
/**
 * Compiled code alone adds a MB or two as the service warms up; the 13 KB-per-execution leak once found
 * here added 13 MB between those quarters of a 2,000-run soak.
 */
const HEAP_GROWTH_MB = 8;
const say = (s: string) => process.stdout.write(`${s}\n`);

type Kind = 'success' | 'timeout' | 'memory' | 'module';
/** An answer as JSON, read field by field by each case's check. */
// biome-ignore lint/suspicious/noExplicitAny: the checks probe arbitrary fields of an untyped JSON answer
type Answer = Record<string, any>;

interface Case {
  kind: Kind;
  spec: Record<string, unknown>;
  /** the answer is what this kind must give */
  check: (status: number, body: Answer) => boolean;
}

const violation = (type: string) => (status: number, b: Answer) =>
  status === 200 && b.success === false && b.error?.type === type && typeof b.stats?.executionTime === 'number';

/** The i-th request of the mix: half successes, the rest split between the three violations. */
export function caseOf(i: number): Case {
  const r = i % 20;
  if (r < 10) {
    return {
      kind: 'success',
      spec: { code: 'return { doubled: inputs.n * 2 };', inputs: { n: i }, timeLimit: 5 },
      check: (s, b) => s === 200 && b.success === true && b.result?.doubled === i * 2 && Array.isArray(b.logs),
    };
  }
  if (r < 13) return { kind: 'timeout', spec: { code: 'for (;;) {}', timeLimit: 1 }, check: violation('TIMEOUT') };
  if (r < 16) {
    return {
      kind: 'memory',
      spec: { code: 'const a = []; for (;;) a.push(new Array(1e6).fill(1));', memoryLimit: 128, timeLimit: 5 },
      check: violation('MEMORY_LIMIT'),
    };
  }
  // A literal name is refused by the pre-flight parse, before any container; a computed one by the guard inside.
  const code =
    r % 2 === 0 ? 'require("child_process"); return 1;' : 'const name = ["child", "process"].join("_"); require(name); return 1;';
  return { kind: 'module', spec: { code, timeLimit: 5 }, check: violation('RESTRICTED_MODULE') };
}

async function serviceMemory(url: string) {
  const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { rssMb: read('process_resident_memory_bytes') / MiB, heapMb: read('nodejs_heap_size_used_bytes') / MiB };
}

async function main() {
  const docker = new Docker();
  const instanceId = `soak-${randomUUID().slice(0, 8)}`;
  const count = async () => (await docker.listContainers({ all: true, filters: { label: [`${LABEL.createdBy}=${instanceId}`] } })).length;
  const allOurs = async () => (await docker.listContainers({ all: true, filters: { label: [`${LABEL.managed}=true`] } })).length;

  const service = await startService({
    EXECUTOR_INSTANCE_ID: instanceId,
    EXECUTOR_MAX_CONCURRENCY: String(SERVICE_CONCURRENCY),
    EXECUTOR_MAX_QUEUE: String(CLIENTS * 2),
    EXECUTOR_POOL_SIZE: String(POOL_SIZE),
    LOG_LEVEL: 'warn',
  });
  const started = Date.now();
  const deadline = started + MAX_MS;
  const before = { ours: await count(), allExecutors: await allOurs() };
  say(
    `soak: N=${N}, ${CLIENTS} clients against a service limit of ${SERVICE_CONCURRENCY} (pool ${POOL_SIZE}), at most ${MAX_MS / 60_000} min`,
  );

  const byKind = new Map<Kind, { n: number; ok: number; ms: number[] }>();
  const bad: string[] = [];
  let busy = 0;
  let next = 0;
  let memWarm: { rssMb: number; heapMb: number } | undefined;
  const warmAt = Math.min(N - 1, Math.max(10, Math.floor(N * 0.05)));
  const heapSamples: Array<{ at: number; heapMb: number }> = [];
  const sampleEvery = Math.max(1, Math.floor(N / 80));

  const client = async () => {
    for (;;) {
      const i = next++;
      if (i >= N || Date.now() > deadline) return;
      if (i === warmAt) memWarm = await serviceMemory(service.url);
      if (i % sampleEvery === 0)
        void serviceMemory(service.url).then(
          (m) => heapSamples.push({ at: i, heapMb: m.heapMb }),
          () => {},
        );
      const c = caseOf(i);
      const t0 = performance.now();
      let status = 0;
      let body: Answer = {};
      let headerId: string | null = null;
      try {
        const res = await fetch(`${service.url}/execute`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(c.spec),
          signal: AbortSignal.timeout(120_000),
        });
        status = res.status;
        headerId = res.headers.get('x-execution-id');
        body = (await res.json()) as Answer;
      } catch (err) {
        bad.push(`#${i} ${c.kind}: ${(err as Error).message}`);
        continue;
      }
      const ms = performance.now() - t0;
      const k = byKind.get(c.kind) ?? { n: 0, ok: 0, ms: [] };
      byKind.set(c.kind, k);
      k.n++;
      k.ms.push(ms);
      const wellFormed = typeof body.executionId === 'string' && body.executionId === headerId && typeof body.success === 'boolean';
      if (status === 503 && body.error?.type === 'BUSY' && wellFormed) busy++;
      else if (wellFormed && c.check(status, body)) k.ok++;
      else bad.push(`#${i} ${c.kind}: ${status} ${JSON.stringify(body).slice(0, 300)}`);
      if ((i + 1) % 100 === 0) say(`  ${i + 1}/${N} sent, ${((Date.now() - started) / 1000).toFixed(0)} s, ${bad.length} bad`);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const done = [...byKind.values()].reduce((a, k) => a + k.n, 0) + bad.filter((b) => !/: \d/.test(b)).length;
  const seconds = (Date.now() - started) / 1000;

  // settle: the last removals finish, the pool refills, the heap is collected at its own pace
  await sleep(3_000);
  const memEnd = await serviceMemory(service.url);
  const poolBound = POOL_SIZE * 3; // the mix has three (timeLimit) shapes, one pool key each
  const afterOurs = await eventually(
    'containers back to the start (plus the pool)',
    count,
    (n) => n <= before.ours + poolBound,
    30_000,
  ).catch(() => -1);

  service.child.kill('SIGTERM');
  const exitCode = await service.exited(60_000);
  const afterExit = await count();

  say('');
  say('| kind | sent | as expected | p50 ms | p95 ms |');
  say('|---|---|---|---|---|');
  for (const [kind, k] of byKind) {
    const s = [...k.ms].sort((a, b) => a - b);
    const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]?.toFixed(0);
    say(`| ${kind} | ${k.n} | ${k.ok} | ${q(0.5)} | ${q(0.95)} |`);
  }
  say('');
  say(
    `completed ${done}/${N} in ${seconds.toFixed(1)} s (${(done / seconds).toFixed(2)}/s); BUSY answers ${busy}; bad answers ${bad.length}`,
  );
  say(
    `service memory after warm-up (#${warmAt}): rss ${memWarm?.rssMb.toFixed(1)} MB, heap ${memWarm?.heapMb.toFixed(1)} MB; at the end: rss ${memEnd.rssMb.toFixed(1)} MB, heap ${memEnd.heapMb.toFixed(1)} MB`,
  );
  say(
    `containers of this service: before ${before.ours}, after ${afterOurs} (pool allowance ${poolBound}), after exit ${afterExit}; service exit code ${exitCode}`,
  );
  for (const b of bad.slice(0, 10)) say(`  bad: ${b}`);

  const lowestHeap = (from: number, to: number) =>
    Math.min(...heapSamples.filter((h) => h.at >= from * N && h.at < to * N).map((h) => h.heapMb));
  const heapQ2 = lowestHeap(0.25, 0.5);
  const heapQ4 = lowestHeap(0.75, 1);
  const heapGrowth = heapQ4 - heapQ2;
  say(
    `service heap, lowest of ${heapSamples.length} samples: ${heapQ2.toFixed(1)} MB in the second quarter, ${heapQ4.toFixed(1)} MB in the last (growth ${heapGrowth.toFixed(1)} MB, at most ${HEAP_GROWTH_MB})`,
  );
  const rssGrowth = memWarm ? memEnd.rssMb - memWarm.rssMb : NaN;
  const failures = [
    done < N && `only ${done} of ${N} completed within the time bound`,
    bad.length > 0 && `${bad.length} answers were not well-formed or not as expected`,
    afterOurs < 0 && 'the container count did not return to where it was',
    afterExit !== 0 && `${afterExit} containers left after the service exited`,
    !(rssGrowth < 100) && `service RSS grew by ${rssGrowth.toFixed(1)} MB (limit 100)`,
    !(heapGrowth <= HEAP_GROWTH_MB) &&
      `service heap grew by ${heapGrowth.toFixed(1)} MB between the second and the last quarter (limit ${HEAP_GROWTH_MB})`,
    exitCode !== 0 && `service exit code ${exitCode}`,
  ].filter(Boolean);
  say(failures.length === 0 ? 'SOAK PASSED' : `SOAK FAILED: ${failures.join('; ')}`);
  process.exit(failures.length === 0 ? 0 : 1);
}

await main();
