// The sandbox image's build inputs: the files the Dockerfile copies, found from the installed workspace,
// and the hash that names them (a changed runner file or base image means a new image). Pure but for reads.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const DOCKERFILE = 'docker/node-sandbox.Dockerfile';
// The pinned Node (scripts/node-pin.sh): its official image, and the base docker/build-local-base.sh makes
// of the same build where no registry answers, named by version so a base of another Node is never taken.
export const NODE_VERSION = '24.22.3';
export const OFFICIAL_BASE_IMAGE = `node:${NODE_VERSION}-bookworm-slim`;
export const LOCAL_BASE_IMAGE = `edgeql-node-base:${NODE_VERSION}`;

/** The runner's files at the top of nodes/js that the image holds; the rest of it is lib/. */
const RUNNER_TOP_FILES = ['package.json', 'SandboxRunner.js', 'sandboxWorker.js'];

export interface ContextFile {
  /** path inside the build context, as the Dockerfile's COPY lines name it */
  name: string;
  source: string;
}

/** The runner's package directory as the service finds it installed: nodes/js of the workspace, or of the executor's image. */
export function installedRunnerDir(): string {
  return path.dirname(realpathSync(createRequire(import.meta.url).resolve('@edgeql/node-js/package.json')));
}

/**
 * The files the Dockerfile copies (the same set .dockerignore lets through), found from the runner's
 * directory: the context's root is two levels above it, and lodash and moment are what it resolves.
 * Another directory than the installed one is for tests that lay out a copy of the tree.
 */
export function sandboxContextFiles(runnerDir = installedRunnerDir()): ContextFile[] {
  const root = path.resolve(runnerDir, '../..');
  const fromRunner = createRequire(path.join(runnerDir, 'package.json'));
  const pkgDir = (name: string) => path.dirname(realpathSync(fromRunner.resolve(`${name}/package.json`)));

  const files: ContextFile[] = [
    { name: DOCKERFILE, source: path.join(root, DOCKERFILE) },
    ...walk(path.join(root, 'docker/sandbox-rootfs'), 'docker/sandbox-rootfs'),
    ...RUNNER_TOP_FILES.map((f) => ({ name: `nodes/js/${f}`, source: path.join(runnerDir, f) })),
    ...walk(path.join(runnerDir, 'lib'), 'nodes/js/lib'),
    ...walk(pkgDir('lodash'), 'node_modules/lodash'),
    ...walk(pkgDir('moment'), 'node_modules/moment'),
  ];
  return files.sort((a, b) => a.name.localeCompare(b.name));
}

function walk(dir: string, as: string): ContextFile[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? walk(path.join(dir, e.name), `${as}/${e.name}`)
      : e.isFile()
        ? [{ name: `${as}/${e.name}`, source: path.join(dir, e.name) }]
        : [],
  );
}

/** Names the exact inputs of a build: a changed runner file or base image means a new image. */
export function contextHash(files: ContextFile[], baseImage: string): string {
  const h = createHash('sha256').update(`base:${baseImage}\n`);
  for (const f of files) h.update(`${f.name}\n`).update(readFileSync(f.source)).update('\n');
  return h.digest('hex').slice(0, 32);
}
