// gVisor processes (runsc-sandbox, runsc-gofer) that outlive their container: a failed runsc start can leave
// them behind. The test run notes those present at its start, and at its end reaps and reports the new ones.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const sh = promisify(execFile);
const GVISOR_PROCESS = /^runsc-(sandbox|gofer)$/;

/** pid → the 64-hex container ids on its command line, for every runsc-sandbox and runsc-gofer process. */
export function gvisorProcesses(): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!GVISOR_PROCESS.test(readFileSync(`/proc/${entry}/comm`, 'utf8').trim())) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      out.set(Number(entry), cmdline.match(/\b[0-9a-f]{64}\b/g) ?? []);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * The gVisor processes started since `before` whose container no longer exists, after waiting up to
 * `waitMs` for Docker to finish tearing them down; each is killed, and the list returned for the report.
 */
export async function reapGvisorLeftovers(before: ReadonlySet<number>, waitMs = 15_000): Promise<string[]> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const { stdout } = await sh('docker', ['ps', '-aq', '--no-trunc'], { timeout: 10_000 });
    const containers = new Set(stdout.split('\n').filter(Boolean));
    const orphans = [...gvisorProcesses()].filter(([pid, ids]) => !before.has(pid) && !ids.some((id) => containers.has(id)));
    if (orphans.length === 0) return [];
    if (Date.now() > deadline) {
      for (const [pid] of orphans) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      return orphans.map(([pid, ids]) => `pid ${pid} (container ${ids[0]?.slice(0, 12) ?? 'unknown'})`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
