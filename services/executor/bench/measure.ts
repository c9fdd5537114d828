// Measuring helpers for the benchmark: percentiles, machine CPU time, load at a concurrency.
import { readFileSync } from 'node:fs';

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  const i = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[i]!;
}

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  n: number;
}

export function summarize(ms: number[]): LatencySummary {
  const s = [...ms].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), n: s.length };
}

/** CPU-seconds the whole machine has spent busy (all cores, every process, the Docker engine included). */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
  const ticksPerSecond = 100; // USER_HZ on Linux
  return (user! + nice! + system! + irq! + softirq! + steal!) / ticksPerSecond;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs `total` calls of `once` with at most `concurrency` at a time; returns each latency and the wall time. */
export async function load(once: () => Promise<void>, total: number, concurrency: number) {
  const latencies: number[] = [];
  let next = 0;
  const cpuBefore = machineBusySeconds();
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      next++;
      const t0 = performance.now();
      await once();
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  const wallSec = (performance.now() - started) / 1000;
  return { latencies, wallSec, perSecond: total / wallSec, cpuSecondsEach: (machineBusySeconds() - cpuBefore) / total };
}

/** One call every `intervalMs`, so the machine is otherwise idle between calls. */
export async function paced(once: () => Promise<void>, total: number, intervalMs: number) {
  const latencies: number[] = [];
  for (let i = 0; i < total; i++) {
    const t0 = performance.now();
    await once();
    const took = performance.now() - t0;
    latencies.push(took);
    if (i < total - 1) await sleep(Math.max(0, intervalMs - took));
  }
  return latencies;
}

/**
 * Open-loop arrivals: one call every `intervalMs` whether or not the earlier ones have answered, as
 * independent clients would send them. Returns the latencies of the calls that succeeded and how many failed.
 */
export async function arrivals(once: () => Promise<void>, total: number, intervalMs: number) {
  const latencies: number[] = [];
  let failed = 0;
  const calls: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    await sleep(Math.max(0, started + i * intervalMs - performance.now()));
    const t0 = performance.now();
    calls.push(
      once().then(
        () => void latencies.push(performance.now() - t0),
        () => void failed++,
      ),
    );
  }
  await Promise.all(calls);
  return { latencies, failed };
}
