// What the janitor removes, found by label: ours older than the longest possible run (so two services
// sharing one Docker engine never remove each other's live containers), or all of one instance's.
import type { ContainerClient } from '../docker/containerClient.js';
import { LABEL } from '../docker/labels.js';

export interface SweepResult {
  found: number;
  removed: number;
}

/**
 * Containers labelled as ours and older than their own creator's limit (the max-age label), or, for a
 * container without one (made by an older version), than `fallbackMaxAgeMs`. Another instance with longer
 * limits keeps its long runs. Pure, for tests.
 */
export function staleOf<T extends { createdSec: number; labels: Record<string, string> }>(
  containers: T[],
  fallbackMaxAgeMs: number,
  nowMs: number,
): T[] {
  return containers.filter((c) => nowMs - c.createdSec * 1000 > ownMaxAgeMs(c.labels, fallbackMaxAgeMs));
}

function ownMaxAgeMs(labels: Record<string, string>, fallbackMs: number): number {
  const sec = Number(labels[LABEL.maxAgeSec]);
  return Number.isFinite(sec) && sec > 0 ? sec * 1000 : fallbackMs;
}

export async function sweepOrphans(client: ContainerClient, maxAgeMs: number, callMs: number, nowMs = Date.now()): Promise<SweepResult> {
  const ours = await client.listByLabel(`${LABEL.managed}=true`, AbortSignal.timeout(callMs));
  const stale = staleOf(ours, maxAgeMs, nowMs);
  const results = await Promise.allSettled(stale.map((c) => client.remove(c.id, AbortSignal.timeout(callMs))));
  return { found: ours.length, removed: results.filter((r) => r.status === 'fulfilled').length };
}

/** Containers another process made: their process label is not this one's. Pure, for tests. */
export function ofOtherProcesses<T extends { labels: Record<string, string> }>(containers: T[], processId: string): T[] {
  return containers.filter((c) => c.labels[LABEL.process] !== processId);
}

/**
 * Every container labelled with this instance id, whatever its age: at start (what a killed predecessor
 * with the same id left) and at shutdown (after the drain deadline). With exceptProcessId, only those
 * another process made, so a late start-up cleanup never removes this process's own new sandboxes
 * (the label, not the clock: a predecessor's last sandbox can be made in the second this one starts).
 */
export async function removeInstanceContainers(
  client: ContainerClient,
  instanceId: string,
  exceptProcessId?: string,
  callMs = 10_000,
): Promise<number> {
  const all = await client.listByLabel(`${LABEL.createdBy}=${instanceId}`, AbortSignal.timeout(callMs));
  const mine = exceptProcessId === undefined ? all : ofOtherProcesses(all, exceptProcessId);
  const results = await Promise.allSettled(mine.map((c) => client.remove(c.id, AbortSignal.timeout(callMs))));
  return results.filter((r) => r.status === 'fulfilled').length;
}
