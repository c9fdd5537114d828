// One Node version, pinned exactly in scripts/node-pin.sh, is written in several places a script cannot
// read it from (the Dockerfiles' defaults, the service's base-image names, the documents): this holds
// them to it, so a bump that misses one fails here instead of building an image of another Node.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOCAL_BASE_IMAGE, NODE_VERSION, OFFICIAL_BASE_IMAGE } from './contextFiles.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const read = (name: string) => readFileSync(path.join(ROOT, name), 'utf8');

const pin = read('scripts/node-pin.sh');
const pinned = (key: string) => new RegExp(`^${key}=(\\S+)$`, 'm').exec(pin)?.[1];

/** Every file that may name a Node image: the Docker files, the scripts, CI, and the documents. */
const MENTIONING = [
  ...readdirSync(path.join(ROOT, 'docker'))
    .filter((f) => /\.(Dockerfile|sh)$/.test(f))
    .map((f) => `docker/${f}`),
  ...readdirSync(path.join(ROOT, 'scripts')).map((f) => `scripts/${f}`),
  '.ci/run',
  'compose.yaml',
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs')).map((f) => `docs/${f}`),
];

describe('the pinned Node', () => {
  it('is one exact version, with the sha512 integrity of its npm tarball', () => {
    expect(pinned('NODE_VERSION')).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pinned('NODE_INTEGRITY')).toMatch(/^sha512-[A-Za-z0-9+/]{86}==$/);
  });

  it('is the version the service names its base images by', () => {
    expect(NODE_VERSION).toBe(pinned('NODE_VERSION'));
    expect(OFFICIAL_BASE_IMAGE).toBe(`node:${NODE_VERSION}-bookworm-slim`);
    expect(LOCAL_BASE_IMAGE).toBe(`edgeql-node-base:${NODE_VERSION}`);
  });

  it.each(['docker/node-sandbox.Dockerfile', 'docker/executor.Dockerfile'])('is %s’s default base image', (dockerfile) => {
    expect(/^ARG BASE_IMAGE=(\S+)$/m.exec(read(dockerfile))?.[1]).toBe(OFFICIAL_BASE_IMAGE);
  });

  it.each(MENTIONING)('is the only Node image %s names', (file) => {
    const images = read(file).match(/\b(?:node:\d(?:[\w.-]*\w)?|edgeql-node-base:\w(?:[\w.-]*\w)?)/g) ?? [];
    expect(images.filter((image) => image !== OFFICIAL_BASE_IMAGE && image !== LOCAL_BASE_IMAGE)).toEqual([]);
  });

  it('is on a line the workspace’s engines admit', () => {
    const { engines } = JSON.parse(read('package.json')) as { engines: { node: string } };
    expect(engines.node.split('||').map((range) => range.trim())).toContain(`^${NODE_VERSION.split('.')[0]}`);
  });
});
