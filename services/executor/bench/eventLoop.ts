// Whether large bodies hold the service's event loop: /health/live probed while 16 of the largest
// many-element bodies the body limit admits are in flight, against the service in its own process.
// Part of `pnpm bench`, and runnable alone: pnpm --filter @edgeql/executor exec tsx bench/eventLoop.ts
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { removeInstanceContainers } from '../src/cleanup/sweeps.js';
import { loadConfig } from '../src/config.js';
import { DockerodeClient } from '../src/docker/dockerodeClient.js';
import { startService } from '../src/tests/serviceProcess.js';
import { summarize, type LatencySummary } from './measure.js';

export const IN_FLIGHT = 16;
/**
 * The most elements a body can hold: one-digit numbers. Empty arrays or objects cost the service more
 * per byte, but a sandbox cannot take 2.8 million of them in its default 512 MB, and the bodies must run.
 */
const ELEMENT = '0';
const PROBE_EVERY_MS = 20;

export interface EventLoopRow {
  /** /health/live latency, one probe every PROBE_EVERY_MS from the first body sent to the last answer */
  live: LatencySummary & { max: number; failed: number };
  bodies: number;
  bodyBytes: number;
  elements: number;
  /** answers that were 200 with the right result */
  answered: number;
  /** anything else, as "status type" */
  wrong: string[];
  seconds: number;
}

/** The largest body the limit admits: code that counts its inputs, and inputs of as many elements as fit. */
export function largeBody(limitBytes: number) {
  const head = '{"code":"return inputs.length","inputs":[';
  const tail = ']}';
  const elements = Math.floor((limitBytes - head.length - tail.length + 1) / (ELEMENT.length + 1));
  const text = head + new Array<string>(elements).fill(ELEMENT).join(',') + tail;
  return { bytes: new TextEncoder().encode(text), elements };
}

// The prober runs in its own thread, so the load this process sends does not delay its own clock. It
// probes on schedule, as a liveness probe does, whether or not the last probe has answered: a loop held
// for a second then shows as a second's worth of slow probes, not as one.
const PROBER = `
const { parentPort, workerData } = require('node:worker_threads');
const ms = [];
const pending = new Set();
let failed = 0;
const probe = () => {
  const t0 = performance.now();
  const p = fetch(workerData.url, { signal: AbortSignal.timeout(60000) })
    .then(async (res) => {
      await res.text();
      if (!res.ok) failed++;
    })
    .catch(() => failed++)
    .finally(() => {
      ms.push(performance.now() - t0);
      pending.delete(p);
    });
  pending.add(p);
};
let timer;
// One probe first, not counted: the thread's first fetch sets up its client and connection.
fetch(workerData.url).then((res) => res.text()).finally(() => {
  timer = setInterval(probe, workerData.everyMs);
  parentPort.postMessage('ready');
});
parentPort.once('message', async () => {
  clearInterval(timer);
  await Promise.all(pending);
  parentPort.postMessage({ ms, failed });
});
`;

/** env: more of the service's environment, over the defaults below */
export async function eventLoopUnderLargeBodies(bodies = IN_FLIGHT, env: Record<string, string> = {}): Promise<EventLoopRow> {
  const limit = loadConfig({ ...process.env }).request.bodyLimitBytes;
  const instanceId = `bench-loop-${randomUUID().slice(0, 8)}`;
  const service = await startService({
    EXECUTOR_INSTANCE_ID: instanceId,
    EXECUTOR_BODY_LIMIT_BYTES: String(limit),
    EXECUTOR_MAX_QUEUE: String(Math.max(32, bodies)),
    LOG_LEVEL: 'warn',
    ...env,
  });
  const { bytes, elements } = largeBody(limit);
  try {
    const prober = new Worker(PROBER, { eval: true, workerData: { url: `${service.url}/health/live`, everyMs: PROBE_EVERY_MS } });
    const message = () =>
      new Promise<unknown>((resolve, reject) => {
        prober.once('message', resolve);
        prober.once('error', reject);
      });
    await message(); // ready
    const probed = message() as Promise<{ ms: number[]; failed: number }>;
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: bodies }, async () => {
        const res = await fetch(`${service.url}/execute`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bytes });
        const json = (await res.json()) as { success?: boolean; result?: unknown; error?: { type?: string } };
        return res.status === 200 && json.success === true && json.result === elements ? 'ok' : `${res.status} ${json.error?.type ?? ''}`;
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    prober.postMessage('stop');
    const { ms, failed } = await probed;
    await prober.terminate();
    return {
      live: { ...summarize(ms), max: Math.max(...ms), failed },
      bodies,
      bodyBytes: bytes.byteLength,
      elements,
      answered: answers.filter((a) => a === 'ok').length,
      wrong: answers.filter((a) => a !== 'ok'),
      seconds,
    };
  } finally {
    service.child.kill('SIGTERM');
    await service.exited(60_000).catch(() => service.child.kill('SIGKILL'));
    await removeInstanceContainers(new DockerodeClient(), instanceId).catch(() => 0);
  }
}

/** The row as the benchmark's table prints it. */
export function describeRow(r: EventLoopRow): string {
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : 'n/a');
  return `| /health/live p99 while ${r.bodies} of the largest many-element bodies are in flight (${(r.bodyBytes / 2 ** 20).toFixed(1)} MiB, ${(r.elements / 1e6).toFixed(2)} M elements each) | ${f(r.live.p50)} | ${f(r.live.p95)} | ${f(r.live.p99)} | ${f(r.live.max)} | ${r.live.n} (${r.live.failed} failed) | ${r.answered}/${r.bodies} | ${r.seconds.toFixed(1)} |`;
}

export const ROW_HEADER = [
  '| while | live p50 ms | p95 ms | p99 ms (target < 50) | max ms | probes | bodies answered right | seconds |',
  '|---|---|---|---|---|---|---|---|',
];

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  eventLoopUnderLargeBodies()
    .then((r) => {
      process.stdout.write(`${[...ROW_HEADER, describeRow(r)].join('\n')}\n`);
      if (r.wrong.length > 0) process.stdout.write(`wrong answers: ${r.wrong.join(', ')}\n`);
    })
    .catch((err: unknown) => {
      process.stderr.write(`event-loop benchmark failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    });
}
