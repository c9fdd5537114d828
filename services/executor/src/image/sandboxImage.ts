// Builds the sandbox image through the Docker port (a tar-stream context) when it is missing or stale.
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import tar from 'tar-stream';
import type { ImageClient } from '../docker/containerClient.js';
import { LABEL } from '../docker/labels.js';
import { contextHash, DOCKERFILE, LOCAL_BASE_IMAGE, OFFICIAL_BASE_IMAGE, sandboxContextFiles } from './contextFiles.js';

/** One inspect; a build may take minutes on a slow machine (the Dockerfile has no RUN steps, so rarely). */
const INSPECT_MS = 10_000;
const BUILD_MS = 10 * 60_000;

const builtHash = async (images: ImageClient, name: string) =>
  (await images.inspectImage(name, AbortSignal.timeout(INSPECT_MS)))?.labels[LABEL.contextHash];

/** Whether the engine has an image of that name (false too when it cannot be asked). */
export const imagePresent = (images: ImageClient, name: string, signal: AbortSignal): Promise<boolean> =>
  images.inspectImage(name, signal).then(Boolean, () => false);

export async function resolveBaseImage(images: ImageClient, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  for (const candidate of [OFFICIAL_BASE_IMAGE, LOCAL_BASE_IMAGE]) {
    if (await images.inspectImage(candidate, AbortSignal.timeout(INSPECT_MS))) return candidate;
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
  images: ImageClient,
  opts: { image: string; baseImage: string | undefined; log: Logger },
): Promise<EnsureImageResult> {
  const files = sandboxContextFiles();
  const baseImage = await resolveBaseImage(images, opts.baseImage);
  const hash = contextHash(files, baseImage);
  if ((await builtHash(images, opts.image)) === hash) {
    return { image: opts.image, built: false, baseImage, hash };
  }
  opts.log.info({ image: opts.image, baseImage, files: files.length }, 'building the sandbox image');
  const pack = tar.pack();
  for (const f of files) pack.entry({ name: f.name, mode: 0o644 }, readFileSync(f.source));
  pack.finalize();
  await images.buildImage(
    pack as unknown as NodeJS.ReadableStream,
    { tag: opts.image, dockerfile: DOCKERFILE, buildArgs: { BASE_IMAGE: baseImage }, labels: { [LABEL.contextHash]: hash } },
    AbortSignal.timeout(BUILD_MS),
  );
  if ((await builtHash(images, opts.image)) !== hash) {
    throw new Error(`image build of ${opts.image} finished but the image is not there`);
  }
  opts.log.info({ image: opts.image, hash }, 'sandbox image built');
  return { image: opts.image, built: true, baseImage, hash };
}
