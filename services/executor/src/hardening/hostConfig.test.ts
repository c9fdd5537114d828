import { describe, expect, it } from 'vitest';
import { testConfig } from '../tests/testConfig.js';
import { cpuSecondsLimit, isGvisor, sandboxCreateOptions } from './hostConfig.js';

const MiB = 1024 * 1024;
const sandbox = testConfig({ EXECUTOR_SANDBOX_CPUS: '1', EXECUTOR_MEMORY_HEADROOM_MB: '64', EXECUTOR_TMPFS_MB: '32' }).sandbox;
const plan = (spec: Partial<{ memoryLimit: number; timeLimit: number; enableNetworking: boolean }> = {}, s = sandbox) => ({
  image: 'img',
  spec: { memoryLimit: 128, timeLimit: 5, enableNetworking: false, ...spec },
  sandbox: s,
  labels: { a: 'b' },
});

describe('sandboxCreateOptions', () => {
  it('hardens every sandbox the same way', () => {
    const o = sandboxCreateOptions(plan());
    expect(o).toMatchObject({
      Image: 'img',
      User: '1001:1001',
      Env: ['EDGEQL_WORKER_HEAP_MB=128', 'EDGEQL_SANDBOX_TMP=/tmp'],
      Labels: { a: 'b' },
      OpenStdin: true,
      StdinOnce: true,
      Tty: false,
    });
    expect(o.HostConfig).toEqual({
      Memory: 192 * MiB,
      MemorySwap: 192 * MiB,
      NanoCpus: 1e9,
      PidsLimit: 50,
      Ulimits: [
        { Name: 'nofile', Soft: 100, Hard: 200 },
        { Name: 'cpu', Soft: 7, Hard: 8 },
      ],
      Init: true,
      ReadonlyRootfs: true,
      Tmpfs: { '/tmp': 'rw,noexec,nosuid,nodev,size=32m,mode=1777' },
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges:true', `seccomp=${sandbox.seccompProfile}`],
      Runtime: 'runc',
      Privileged: false,
      IpcMode: 'private',
      NetworkMode: 'none',
      LogConfig: { Type: 'none', Config: {} },
      Mounts: [],
      AutoRemove: false,
    });
  });

  it("under gVisor the pids limit is sized for the Sentry's host threads, under runc for the sandbox's processes", () => {
    const runsc = testConfig({ EXECUTOR_RUNTIME: 'runsc' }).sandbox;
    expect(sandboxCreateOptions(plan({}, runsc)).HostConfig).toMatchObject({ Runtime: 'runsc', PidsLimit: 128 });
    expect(sandboxCreateOptions(plan()).HostConfig).toMatchObject({ Runtime: 'runc', PidsLimit: 50 });
    expect(isGvisor('runsc-kvm')).toBe(true);
    expect(isGvisor('runc')).toBe(false);
  });

  it('joins the sandbox network only when networking is enabled', () => {
    expect(sandboxCreateOptions(plan({ enableNetworking: true })).HostConfig?.NetworkMode).toBe('edgeql-sandbox-net');
    expect(sandboxCreateOptions(plan({ enableNetworking: true })).NetworkDisabled).toBe(false);
    expect(sandboxCreateOptions(plan()).NetworkDisabled).toBe(true);
  });

  it('mounts the datasets directory read-only when one is configured', () => {
    const s = { ...sandbox, datasetsDir: '/srv/data' };
    expect(sandboxCreateOptions(plan({}, s)).HostConfig?.Mounts).toEqual([
      { Type: 'bind', Source: '/srv/data', Target: '/datasets', ReadOnly: true },
    ]);
  });

  it("applies our seccomp profile as JSON, or leaves Docker's default when configured so", () => {
    const profile = JSON.parse(sandbox.seccompProfile!);
    expect(profile.defaultAction).toBe('SCMP_ACT_ERRNO');
    const docker = testConfig({ EXECUTOR_SECCOMP_PROFILE: 'docker-default' }).sandbox;
    expect(sandboxCreateOptions(plan({}, docker)).HostConfig?.SecurityOpt).toEqual(['no-new-privileges:true']);
  });

  it('runs the configured runtime', () => {
    expect(sandboxCreateOptions(plan({}, testConfig({ EXECUTOR_RUNTIME: 'runsc' }).sandbox)).HostConfig?.Runtime).toBe('runsc');
  });

  it('turns the guard off only under the unsafe test flag, which production refuses', () => {
    expect(sandboxCreateOptions(plan())).not.toHaveProperty('Entrypoint');
    const unsafe = testConfig({ EXECUTOR_UNSAFE_DISABLE_GUARD: 'true' }).sandbox;
    expect(sandboxCreateOptions(plan({}, unsafe))).toMatchObject({
      Env: ['EDGEQL_WORKER_HEAP_MB=128', 'EDGEQL_SANDBOX_TMP=/tmp', 'EDGEQL_UNSAFE_DISABLE_GUARD=1'],
      Entrypoint: ['node', '/opt/edgeql/runner/SandboxRunner.js'],
    });
    expect(() => testConfig({ EXECUTOR_UNSAFE_DISABLE_GUARD: 'true', NODE_ENV: 'production' })).toThrow(
      /EXECUTOR_UNSAFE_DISABLE_GUARD: is for tests only and refused when NODE_ENV=production/,
    );
  });

  it('sizes the CPU-seconds limit of a reuse sandbox for all its runs', () => {
    expect(sandboxCreateOptions({ ...plan(), runs: 3 }).HostConfig?.Ulimits).toContainEqual({ Name: 'cpu', Soft: 21, Hard: 22 });
  });

  it('derives the CPU-seconds limit from the time limit and the CPU quota', () => {
    expect(cpuSecondsLimit(30, 1)).toBe(32);
    expect(cpuSecondsLimit(0.5, 1)).toBe(3);
    expect(cpuSecondsLimit(10, 0.5)).toBe(7);
  });
});
