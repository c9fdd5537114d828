// What one running container costs the host, read from the kernel: its cgroup's memory and CPU time,
// and the proportional set size (PSS) of its processes plus the containerd shim that holds it. PSS
// shares each page among the processes mapping it, so Node's binary, mapped by every sandbox, is
// charged once across them rather than once each.
import { existsSync, readFileSync } from 'node:fs';

/** The container's cgroup directory for a controller, cgroup v1 or v2 (systemd or cgroupfs driver). */
function cgroupDir(id: string, controller: 'memory' | 'cpuacct'): string {
  const candidates = [
    `/sys/fs/cgroup/${controller}/docker/${id}`,
    `/sys/fs/cgroup/system.slice/docker-${id}.scope`,
    `/sys/fs/cgroup/docker/${id}`,
  ];
  const dir = candidates.find((d) => existsSync(d));
  if (!dir) throw new Error(`no cgroup found for container ${id.slice(0, 12)}`);
  return dir;
}

const read = (file: string) => readFileSync(file, 'utf8').trim();

export function cgroupMemoryMb(id: string): number {
  const dir = cgroupDir(id, 'memory');
  const file = existsSync(`${dir}/memory.usage_in_bytes`) ? `${dir}/memory.usage_in_bytes` : `${dir}/memory.current`;
  return Number(read(file)) / 2 ** 20;
}

/** CPU time the container's processes have used so far, in milliseconds. */
export function cgroupCpuMs(id: string): number {
  const dir = cgroupDir(id, 'cpuacct');
  if (existsSync(`${dir}/cpuacct.usage`)) return Number(read(`${dir}/cpuacct.usage`)) / 1e6;
  const usec = /usage_usec (\d+)/.exec(read(`${dir}/cpu.stat`));
  return usec ? Number(usec[1]) / 1000 : NaN;
}

/** PSS, and the anonymous part of it: memory no other process shares, what one more sandbox adds. */
function pssMb(pid: number): HostMemory {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
    return { pssMb: kb('Pss') / 1024, anonMb: kb('Pss_Anon') / 1024 };
  } catch {
    return { pssMb: 0, anonMb: 0 }; // gone meanwhile
  }
}

export interface HostMemory {
  pssMb: number;
  anonMb: number;
}

const parentOf = (pid: number) => Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

/** Memory of every process in the container plus its shim (the parent of its first process). */
export function hostMemory(id: string, initPid: number): HostMemory {
  const procs = read(`${cgroupDir(id, 'memory')}/cgroup.procs`)
    .split('\n')
    .filter(Boolean)
    .map(Number);
  const shim = parentOf(initPid);
  return [...procs, ...(shim > 1 ? [shim] : [])]
    .map(pssMb)
    .reduce((sum, m) => ({ pssMb: sum.pssMb + m.pssMb, anonMb: sum.anonMb + m.anonMb }), { pssMb: 0, anonMb: 0 });
}
