// Builds the sandbox image through the Engine API (a tar-stream context) when it is missing or stale.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type Docker from 'dockerode';
import type { Logger } from 'pino';
import tar from 'tar-stream';
import { statusOf } from '../docker/dockerErrors.js';
import { LABEL } from '../docker/labels.js';

export const DOCKERFILE = 'docker/node-sandbox.Dockerfile';
export const OFFICIAL_BASE_IMAGE = 'node:20-bookworm-slim';
export const LOCAL_BASE_IMAGE = 'edgeql-node-base:local';

interface ContextFile {
  /** path inside the build context, as the Dockerfile's COPY lines name it */
  name: string;
  source: string;
}

/** The files the Dockerfile copies, found from the installed workspace (the same set .dockerignore lets through). */
export function sandboxContextFiles(): ContextFile[] {
  const require = createRequire(import.meta.url);
  const runnerDir = path.dirname(realpathSync(require.resolve('@edgeql/node-js/package.json')));
  const root = path.resolve(runnerDir, '../..');
  const fromRunner = createRequire(path.join(runnerDir, 'package.json'));
  const pkgDir = (name: string) => path.dirname(realpathSync(fromRunner.resolve(`${name}/package.json`)));

  const files: ContextFile[] = [
    { name: DOCKERFILE, source: path.join(root, DOCKERFILE) },
    ...walk(path.join(root, 'docker/sandbox-rootfs'), 'docker/sandbox-rootfs'),
    { name: 'nodes/js/package.json', source: path.join(runnerDir, 'package.json') },
    ...readdirSync(runnerDir)
      .filter((f) => f.endsWith('.js') && statSync(path.join(runnerDir, f)).isFile())
      .map((f) => ({ name: `nodes/js/${f}`, source: path.join(runnerDir, f) })),
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

/** The image's inspect data, or undefined when there is no such image. */
export async function inspectImage(docker: Docker, name: string): Promise<Docker.ImageInspectInfo | undefined> {
  try {
    return await docker.getImage(name).inspect();
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw err;
  }
}

const builtHash = async (docker: Docker, name: string) => (await inspectImage(docker, name))?.Config?.Labels?.[LABEL.contextHash];

export async function resolveBaseImage(docker: Docker, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  for (const candidate of [OFFICIAL_BASE_IMAGE, LOCAL_BASE_IMAGE]) {
    if (await inspectImage(docker, candidate)) return candidate;
  }
  return OFFICIAL_BASE_IMAGE; // not here yet: the build pulls it, where a registry answers
}

export interface EnsureImageResult {
  image: string;
  built: boolean;
  baseImage: string;
  hash: string;
}

export async function ensureSandboxImage(
  docker: Docker,
  opts: { image: string; baseImage: string | undefined; log: Logger },
): Promise<EnsureImageResult> {
  const files = sandboxContextFiles();
  const baseImage = await resolveBaseImage(docker, opts.baseImage);
  const hash = contextHash(files, baseImage);
  if ((await builtHash(docker, opts.image)) === hash) {
    return { image: opts.image, built: false, baseImage, hash };
  }
  opts.log.info({ image: opts.image, baseImage, files: files.length }, 'building the sandbox image');
  const pack = tar.pack();
  for (const f of files) pack.entry({ name: f.name, mode: 0o644 }, readFileSync(f.source));
  pack.finalize();
  const progress = await docker.buildImage(pack as unknown as NodeJS.ReadableStream, {
    t: opts.image,
    dockerfile: DOCKERFILE,
    buildargs: { BASE_IMAGE: baseImage },
    labels: { [LABEL.contextHash]: hash },
    rm: true,
    forcerm: true,
  });
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      progress,
      (err: Error | null) => (err ? reject(err) : resolve()),
      (event: { error?: string; errorDetail?: { message?: string } }) => {
        if (event.error) reject(new Error(`image build failed: ${event.errorDetail?.message ?? event.error}`));
      },
    );
  });
  if ((await builtHash(docker, opts.image)) !== hash) {
    throw new Error(`image build of ${opts.image} finished but the image is not there`);
  }
  opts.log.info({ image: opts.image, hash }, 'sandbox image built');
  return { image: opts.image, built: true, baseImage, hash };
}
