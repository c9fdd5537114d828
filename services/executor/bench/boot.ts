// What Node costs to start inside a sandbox: the CPU time in the container's cgroup, and its memory,
// once it has started and gone idle. Three variants of the same hardened container: bare `node` idling,
// the runner waiting for its job without a pre-started worker, and the runner as the pool starts it
// (its worker booted and its vm context hardened ahead of the job).
import type Docker from 'dockerode';
import type { Config } from '../src/config.js';
import { cgroupCpuMs, cgroupMemoryMb } from './footprint.js';
import { sleep, summarize } from './measure.js';
import { createOptions } from './paths.js';

export interface BootCost {
  variant: string;
  cpuMs: number;
  memoryMb: number;
}

const IDLE_AFTER_MS = 1500;

export async function bootCosts(docker: Docker, config: Config, samples: number): Promise<BootCost[]> {
  const base = createOptions(config);
  const pooled = base.Env ?? [];
  const variants: Array<[string, Partial<Docker.ContainerCreateOptions>]> = [
    ['bare `node`, idle', { Entrypoint: ['node', '-e', 'setTimeout(() => {}, 1e6)'], Env: [] }],
    ['the runner, waiting for its job', { Env: pooled.filter((e) => !e.startsWith('EDGEQL_WORKER_HEAP_MB=')) }],
    ['the runner as pooled (worker pre-started)', { Env: pooled }],
  ];
  const costs: BootCost[] = [];
  for (const [variant, change] of variants) {
    const cpu: number[] = [];
    const memory: number[] = [];
    for (let i = 0; i < samples; i++) {
      const c = await docker.createContainer({ ...base, ...change, AttachStdin: false, AttachStdout: false, AttachStderr: false });
      try {
        await c.start();
        await sleep(IDLE_AFTER_MS);
        cpu.push(cgroupCpuMs(c.id));
        memory.push(cgroupMemoryMb(c.id));
      } finally {
        await c.remove({ force: true });
      }
    }
    costs.push({ variant, cpuMs: summarize(cpu).p50, memoryMb: summarize(memory).p50 });
  }
  return costs;
}
