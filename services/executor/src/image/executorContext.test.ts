// The executor image must carry exactly what sandboxContextFiles() reads, so the service in it names the
// sandbox image with the same content hash as the service scripts/setup.sh runs. These tests lay out what
// the image gets, as its Dockerfile places it, walk it as the service in the image would, and compare.
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { contextHash, installedRunnerDir, OFFICIAL_BASE_IMAGE, sandboxContextFiles } from './contextFiles.js';
import { EXECUTOR_CONTEXT_ROOTS, executorContextFiles } from './executorContext.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const EXECUTOR_DOCKERFILE = 'docker/executor.Dockerfile';

const contextNames = executorContextFiles();
const stage = mkdtempSync(path.join(tmpdir(), 'executor-context-'));
afterAll(() => rmSync(stage, { recursive: true, force: true }));

/**
 * Copies of the context's regular files in every tree the sandbox's inputs can come from: docker/, the
 * runner, and the packages it depends on (found from the copy, as in the image). The rest of
 * node_modules and the service's own build are left out: nothing of them is a sandbox input.
 */
function layOutImageTree(): string {
  const runner = JSON.parse(readFileSync(path.join(installedRunnerDir(), 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const trees = ['docker/', 'nodes/js/', ...Object.keys(runner.dependencies).map((name) => `node_modules/${name}/`)];
  for (const name of contextNames) {
    if (!trees.some((tree) => name.startsWith(tree)) || !lstatSync(path.join(ROOT, name)).isFile()) continue;
    mkdirSync(path.dirname(path.join(stage, name)), { recursive: true });
    copyFileSync(path.join(ROOT, name), path.join(stage, name));
  }
  return path.join(stage, 'nodes/js');
}

/** Where each COPY line of the Dockerfile puts each of its sources, relative to WORKDIR /app. */
function copyTargets(dockerfile: string): Map<string, string> {
  const targets = new Map<string, string>();
  let workdir = '/';
  for (const line of dockerfile.split('\n')) {
    const words = line.trim().split(/\s+/);
    if (words[0] === 'WORKDIR') workdir = words[1]!;
    if (words[0] !== 'COPY' || words.some((w) => w.startsWith('--'))) continue;
    expect(workdir, line).toBe('/app');
    const sources = words.slice(1, -1);
    const dest = words.at(-1)!;
    for (const source of sources) {
      const into = dest.endsWith('/') ? path.posix.join(dest, path.posix.basename(source)) : dest;
      targets.set(source, path.posix.normalize(into));
    }
  }
  return targets;
}

describe('the executor image’s context', () => {
  it('holds every input of the sandbox image', () => {
    const names = new Set(contextNames);
    expect(sandboxContextFiles().filter((f) => !names.has(f.name))).toEqual([]);
  });

  it('gives the service in the image the same sandbox inputs and content hash as the workspace', () => {
    const inImage = sandboxContextFiles(layOutImageTree());
    const inWorkspace = sandboxContextFiles();
    expect(inImage.map((f) => f.name)).toEqual(inWorkspace.map((f) => f.name));
    expect(contextHash(inImage, OFFICIAL_BASE_IMAGE)).toBe(contextHash(inWorkspace, OFFICIAL_BASE_IMAGE));
  });

  it('is placed by the Dockerfile at the same paths under /app as in the repository', () => {
    const targets = copyTargets(readFileSync(path.join(ROOT, EXECUTOR_DOCKERFILE), 'utf8'));
    for (const [source, target] of targets) expect(target, source).toBe(source);
    for (const root of EXECUTOR_CONTEXT_ROOTS) {
      expect(
        [...targets.keys()].some((source) => root === source || root.startsWith(`${source}/`)),
        `${root} is copied`,
      ).toBe(true);
    }
  });

  it('holds the service’s runtime: its packages, both of its node_modules, the seccomp profile', () => {
    for (const name of ['package.json', 'services/executor/package.json', 'docker/seccomp/node-sandbox.json']) {
      expect(contextNames).toContain(name);
    }
    expect(contextNames.some((name) => name.startsWith('node_modules/fastify/'))).toBe(true);
    expect(contextNames.some((name) => name.startsWith('services/executor/node_modules/'))).toBe(true);
    expect(contextNames.filter((name) => name.startsWith('nodes/js/test/') || name.includes('/.vite'))).toEqual([]);
  });
});
