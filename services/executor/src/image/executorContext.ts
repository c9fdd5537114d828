// The executor image's build context, which docker/build-executor-image.sh sends: the service's runtime and,
// byte for byte, every file sandboxContextFiles() reads, so the service in that image gives the sandbox
// image the same content hash as the service scripts/setup.sh runs, and neither re-tags the other's build.
import { type Dirent, readdirSync } from 'node:fs';
import path from 'node:path';
import { installedRunnerDir, sandboxContextFiles } from './contextFiles.js';

/**
 * What docker/executor.Dockerfile copies, each to the same path under its WORKDIR (/app), so a name in the
 * context is that path in the image, as it is in the workspace. Each that exists is sent.
 */
export const EXECUTOR_CONTEXT_ROOTS = [
  'package.json',
  'pnpm-workspace.yaml',
  'node_modules',
  'nodes/js',
  'docker',
  'services/executor/package.json',
  // the service's own versions of packages the hoisted tree holds in another version (tar-stream)
  'services/executor/node_modules',
  'services/executor/dist',
];

/**
 * Left out of the runtime for size, or because nothing at run time reads them: the runner's tests and
 * its cached test results, source maps, build info. Never applied to the sandbox image's inputs.
 */
function leftOut(name: string): boolean {
  const segments = name.split('/');
  return (
    name.startsWith('nodes/js/node_modules/') ||
    name.startsWith('nodes/js/test/') ||
    segments.includes('.vite') ||
    segments.includes('.vite-temp') ||
    name.endsWith('.map') ||
    name.endsWith('.tsbuildinfo')
  );
}

/**
 * Every file and symbolic link of the executor image's context, by its path from the repository root:
 * the runtime's (EXECUTOR_CONTEXT_ROOTS less what leftOut names) and all of sandboxContextFiles(), sorted.
 */
export function executorContextFiles(runnerDir = installedRunnerDir()): string[] {
  const root = path.resolve(runnerDir, '../..');
  const sandboxInputs = sandboxContextFiles(runnerDir).map((f) => f.name);
  const runtime = EXECUTOR_CONTEXT_ROOTS.flatMap((name) => entriesUnder(root, name)).filter((name) => !leftOut(name));
  return [...new Set([...runtime, ...sandboxInputs])].sort();
}

/** `name` itself when it is a file or link, else every file and link below it; nothing when it is absent. */
function entriesUnder(root: string, name: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(path.join(root, name), { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') return [name];
    if (code === 'ENOENT') return [];
    throw err;
  }
  return entries.flatMap((e) => {
    const child = `${name}/${e.name}`;
    return e.isDirectory() ? entriesUnder(root, child) : e.isFile() || e.isSymbolicLink() ? [child] : [];
  });
}
