// The one place where a sandbox's hardening is written down: limits and a spec in, create options out.
import type { CreateOptions } from '../docker/containerClient.js';

const MiB = 1024 * 1024;
/** Node's own start-up (0.25-0.4 CPU-s here) and the runner's work are charged to RLIMIT_CPU too. */
const CPU_SECONDS_FOR_STARTUP = 2;
export const SANDBOX_UID = '1001:1001';
export const PIDS_LIMIT = 50;
/**
 * Under gVisor the pids cgroup counts the host threads of gVisor's own kernel (the Sentry and gofer), not
 * the sandbox's processes, and a Node start needs more than 60 of them here; gVisor counts the sandbox's
 * own tasks against the same number inside.
 */
export const PIDS_LIMIT_GVISOR = 128;

/** runsc is gVisor's runtime; a deployment may register it under another name that starts with runsc. */
export const isGvisor = (runtime: string): boolean => /^runsc\b/.test(runtime);
export const pidsLimit = (runtime: string): number => (isGvisor(runtime) ? PIDS_LIMIT_GVISOR : PIDS_LIMIT);
export const NOFILE = { soft: 100, hard: 200 } as const;
/** TESTS ONLY: the runner without the image's Node flags, and the switch that turns its guard off. */
export const UNGUARDED_ENTRYPOINT = ['node', '/opt/edgeql/runner/SandboxRunner.js'];
export const UNGUARDED_ENV = 'EDGEQL_UNSAFE_DISABLE_GUARD=1';

/** The deployment's sandbox settings this needs (config.ts's `sandbox` is one). */
export interface SandboxSettings {
  memoryHeadroomMb: number;
  cpus: number;
  tmpfsMb: number;
  datasetsDir: string | undefined;
  network: string;
  runtime: string;
  /** the seccomp profile's JSON, or undefined for Docker's default profile */
  seccompProfile: string | undefined;
  unsafeDisableGuard: boolean;
}

/** What a container is made for and cannot change later (memory is resized on a running one). */
export interface SandboxShape {
  memoryLimit: number;
  timeLimit: number;
  enableNetworking: boolean;
}

export interface SandboxPlan {
  image: string;
  spec: SandboxShape;
  /** executions the sandbox may serve (reuse mode): RLIMIT_CPU counts over the process's whole life */
  runs?: number;
  sandbox: SandboxSettings;
  labels: Record<string, string>;
}

export function containerMemoryMb(memoryLimitMb: number, headroomMb: number): number {
  // The runner reports MEMORY_LIMIT at the user's limit; the cgroup, a little higher, is the backstop.
  return memoryLimitMb + headroomMb;
}

export function cpuSecondsLimit(timeLimitSec: number, cpus: number): number {
  return Math.ceil(timeLimitSec * cpus) + CPU_SECONDS_FOR_STARTUP;
}

export function sandboxCreateOptions(plan: SandboxPlan): CreateOptions {
  const { spec, sandbox } = plan;
  const memoryBytes = containerMemoryMb(spec.memoryLimit, sandbox.memoryHeadroomMb) * MiB;
  const cpuSeconds = cpuSecondsLimit(spec.timeLimit, sandbox.cpus) * (plan.runs ?? 1);
  return {
    Image: plan.image,
    User: SANDBOX_UID,
    WorkingDir: '/sandbox',
    Hostname: 'sandbox',
    // The runner starts its worker with this heap limit before the job arrives (a warm start), and
    // clears the sandbox's /tmp between the jobs of a reuse sandbox.
    Env: [`EDGEQL_WORKER_HEAP_MB=${spec.memoryLimit}`, 'EDGEQL_SANDBOX_TMP=/tmp', ...(sandbox.unsafeDisableGuard ? [UNGUARDED_ENV] : [])],
    // Only under the unsafe test flag: the image's entrypoint carries Node's own hardening flags.
    ...(sandbox.unsafeDisableGuard ? { Entrypoint: UNGUARDED_ENTRYPOINT } : {}),
    Labels: plan.labels,
    // The job goes in on stdin: a read-only root filesystem refuses archive uploads.
    AttachStdin: true,
    OpenStdin: true,
    StdinOnce: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    NetworkDisabled: !spec.enableNetworking,
    HostConfig: {
      Memory: memoryBytes,
      MemorySwap: memoryBytes, // equal to Memory: no swap
      NanoCpus: Math.round(sandbox.cpus * 1e9),
      PidsLimit: pidsLimit(sandbox.runtime), // Node needs 8-11 threads; 2-5 would hang it rather than fail
      Ulimits: [
        { Name: 'nofile', Soft: NOFILE.soft, Hard: NOFILE.hard },
        // Soft below hard sends SIGXCPU first (exit 152), which tells a CPU-limit kill apart from an
        // outside SIGKILL. Node as PID 1 would ignore SIGXCPU, hence Init below.
        { Name: 'cpu', Soft: cpuSeconds, Hard: cpuSeconds + 1 },
      ],
      Init: true,
      ReadonlyRootfs: true,
      Tmpfs: { '/tmp': `rw,noexec,nosuid,nodev,size=${sandbox.tmpfsMb}m,mode=1777` },
      CapDrop: ['ALL'],
      // Our seccomp profile (its JSON), or Docker's default when the configuration says so.
      SecurityOpt: ['no-new-privileges:true', ...(sandbox.seccompProfile ? [`seccomp=${sandbox.seccompProfile}`] : [])],
      Runtime: sandbox.runtime,
      Privileged: false,
      IpcMode: 'private',
      NetworkMode: spec.enableNetworking ? sandbox.network : 'none',
      // Output reaches us through attach; a logging driver would also write it to the host's disk.
      LogConfig: { Type: 'none', Config: {} },
      Mounts: sandbox.datasetsDir ? [{ Type: 'bind', Source: sandbox.datasetsDir, Target: '/datasets', ReadOnly: true }] : [],
      AutoRemove: false, // we remove it ourselves, after reading its exit state
    },
  };
}
