// What the security suites see differently under gVisor (EXECUTOR_RUNTIME=runsc), each with its reason:
// the runsc run checks these outcomes instead of the runc ones, so a difference is stated, never skipped.
import type { Attack } from '@edgeql/node-js/attacks';
import { isGvisor } from '../hardening/hostConfig.js';

export interface Difference {
  why: string;
  /** the attack's result under gVisor */
  result?: unknown;
  /** under gVisor the sandbox itself dies (the service answers SANDBOX_FAILED, 502) */
  sandboxFailed?: true;
}

/** Keyed by attack name (unguarded ones with their "unguarded/" prefix dropped, as the loader names them). */
export const GVISOR_DIFFERENCES: Readonly<Record<string, Difference>> = Object.freeze({
  'seccomp-setpriority': {
    why: "runsc does not load the OCI seccomp profile into its kernel (its --oci-seccomp flag breaks Node's thread start with our profile); gVisor's Sentry implements setpriority itself, and the host kernel sees only the Sentry's own seccomp-filtered calls",
    result: 'the syscall ran',
  },
  'seccomp-denied': {
    why: 'as seccomp-setpriority: the profile is not applied inside gVisor, and its /proc reports Seccomp 0 for the sandboxed process',
    result: { setpriority: 'allowed', seccompMode: '0' },
  },
  'no-privilege': {
    why: "gVisor's /proc/self/status has no NoNewPrivs line and reports Seccomp 0 (see seccomp-denied); its file system refuses writes to the read-only root with EACCES before EROFS",
    result: {
      setuid: 'EPERM',
      uid: 1001,
      capEff: '0000000000000000',
      capBnd: '0000000000000000',
      seccomp: '0',
      writes: ['EACCES', 'EACCES', 'EACCES', 'EACCES'],
      execFromTmp: 'EACCES',
      releaseAgent: 'EACCES',
    },
  },
  'network-off': {
    why: "gVisor's network stack (loopback only, --network=none) answers a connect to an unroutable address with EHOSTUNREACH where Linux says ENETUNREACH",
    result: { interfaces: ['lo'], attempts: ['EHOSTUNREACH', 'EHOSTUNREACH', 'EHOSTUNREACH', 'EHOSTUNREACH'], dns: 'refused' },
  },
  'kernel-limits': {
    why: 'gVisor has no /proc/self/limits to read the rlimits back from (limit-cpu and limit-nofile show them acting)',
    result: undefined,
  },
  'limit-pids': {
    why: "under gVisor the sandbox's processes are not host processes: the pids cgroup bounds the Sentry's host threads, and a fork bomb exhausts them, so the whole sandbox dies and the host is untouched",
    sandboxFailed: true,
  },
});

/**
 * Every attack that asks for networking, under gVisor: a runsc deployment is network-off (runsc is
 * registered with --network=none, see security.md), so the service refuses the request before any sandbox
 * starts, as sandboxSecurity.docker.test.ts checks of networking itself.
 */
export const NETWORKING_UNAVAILABLE_WHY =
  'runsc is registered with --network=none: the service refuses enableNetworking with NETWORKING_UNAVAILABLE (503) before any sandbox starts';

/** The attack as it must end under `runtime`: unchanged under runc, with its stated difference under gVisor. */
export function expectedUnder(runtime: string, attack: Attack): Attack & { sandboxFailed?: boolean; networkingUnavailable?: boolean } {
  if (isGvisor(runtime) && attack.limits.enableNetworking === true) return { ...attack, networkingUnavailable: true };
  const d = isGvisor(runtime) ? GVISOR_DIFFERENCES[attack.name] : undefined;
  if (!d) return attack;
  if (d.sandboxFailed) return { ...attack, sandboxFailed: true };
  if (attack.name === 'kernel-limits') {
    return {
      ...attack,
      hasResult: false,
      expect: ['RUNTIME_ERROR'],
      message: /ENOENT: no such file or directory, open '\/proc\/self\/limits'/,
    } as Attack;
  }
  return { ...attack, hasResult: true, result: d.result };
}
