// Reads the sandbox's seccomp profile once at start: ours (docker/seccomp/node-sandbox.json), a file
// of the deployment's, or Docker's default. The Engine API takes the profile's JSON itself.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Built for what Node needs; tighter than Docker's default (see the README's defense-in-depth section). */
export const BUILTIN_SECCOMP_PROFILE = fileURLToPath(new URL('../../../../docker/seccomp/node-sandbox.json', import.meta.url));

export class SeccompProfileError extends Error {
  override name = 'SeccompProfileError';
}

/**
 * @param setting `builtin`, `docker-default`, or an absolute path to a profile
 * @returns the profile as compact JSON, or undefined to leave Docker's default profile in place
 */
export function readSeccompProfile(setting: string): string | undefined {
  if (setting === 'docker-default') return undefined;
  const file = setting === 'builtin' ? BUILTIN_SECCOMP_PROFILE : setting;
  if (!file.startsWith('/')) throw new SeccompProfileError('must be builtin, docker-default or an absolute path');
  let profile: unknown;
  try {
    profile = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SeccompProfileError(`cannot read a JSON profile at ${file}: ${(err as Error).message}`);
  }
  const p = profile as { defaultAction?: unknown; syscalls?: unknown };
  if (typeof p?.defaultAction !== 'string' || !Array.isArray(p.syscalls)) {
    throw new SeccompProfileError(`${file} is not a seccomp profile (defaultAction and syscalls are required)`);
  }
  return JSON.stringify(profile);
}
