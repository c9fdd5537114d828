// Builds the sandbox image through the Engine API (a tar-stream context) when it is missing or stale.
import { readFileSync } from 'node:fs';
import type Docker from 'dockerode';
import type { Logger } from 'pino';
import tar from 'tar-stream';
import { statusOf } from '../docker/dockerErrors.js';
import { LABEL } from '../docker/labels.js';
import { contextHash, DOCKERFILE, LOCAL_BASE_IMAGE, OFFICIAL_BASE_IMAGE, sandboxContextFiles } from './contextFiles.js';

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
