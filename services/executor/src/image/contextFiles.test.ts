// The sandbox image's inputs are written three times: sandboxContextFiles() (what the service sends),
// the repository's .dockerignore (what a hand-run `docker build` sends) and the Dockerfile's COPY lines
// (what the image keeps). These tests hold the three to one set of files.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DOCKERFILE, sandboxContextFiles } from './contextFiles.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

interface Rule {
  pattern: RegExp;
  /** a `!` line: lets back in what an earlier line left out */
  admits: boolean;
  /** the part before the first wildcard, to know which folders a rule can reach into */
  prefix: string;
}

// Docker's wildcards: `**` spans folders, `*` and `?` stay within one.
const WILDCARDS: Record<string, string> = { '**/': '(?:.*/)?', '**': '.*', '*': '[^/]*', '?': '[^/]' };

/** .dockerignore's rules in order. As in Docker, a pattern matches a path or a folder above it; the last match wins. */
function dockerignoreRules(text: string): Rule[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const admits = line.startsWith('!');
      const glob = path.posix.normalize((admits ? line.slice(1) : line).replace(/^\/+/, ''));
      const source = glob
        .split(/(\*\*\/?|\*|\?)/)
        .map((part) => WILDCARDS[part] ?? part.replace(/[.+^${}()|[\]\\]/g, '\\$&'))
        .join('');
      return { pattern: new RegExp(`^${source}$`), admits, prefix: glob.split(/[*?[]/)[0] ?? '' };
    });
}

function admitted(rules: Rule[], file: string): boolean {
  const withParents = file.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
  let verdict = true;
  for (const rule of rules) if (withParents.some((p) => rule.pattern.test(p))) verdict = rule.admits;
  return verdict;
}

/** Every file (or link) the rules admit, walking only into folders where some `!` rule could apply. */
function admittedFiles(rules: Rule[], dir = ''): string[] {
  const reachable = (folder: string) =>
    admitted(rules, folder) || rules.some((r) => r.admits && (r.prefix.startsWith(`${folder}/`) || folder.startsWith(r.prefix)));
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const name = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) return reachable(name) ? admittedFiles(rules, name) : [];
    return admitted(rules, name) ? [name] : [];
  });
}

/** The source paths of the Dockerfile's COPY lines (each line's last word is its destination). */
function copySources(dockerfile: string): string[] {
  return dockerfile
    .split('\n')
    .filter((line) => /^COPY\s/.test(line))
    .flatMap((line) => line.trim().split(/\s+/).slice(1, -1))
    .filter((word) => !word.startsWith('--'));
}

const contextNames = sandboxContextFiles().map((f) => f.name);

describe('the sandbox image’s inputs', () => {
  it('are the same files in sandboxContextFiles() and in .dockerignore (which Docker sends the Dockerfile past)', () => {
    const rules = dockerignoreRules(readFileSync(path.join(ROOT, '.dockerignore'), 'utf8'));
    expect(contextNames).toEqual([...admittedFiles(rules), DOCKERFILE].sort((a, b) => a.localeCompare(b)));
  });

  it('are what the Dockerfile copies: every COPY source is sent, and every file sent is copied', () => {
    const sources = copySources(readFileSync(path.join(ROOT, DOCKERFILE), 'utf8'));
    const under = (name: string, source: string) => name === source || name.startsWith(`${source}/`);
    for (const source of sources)
      expect(
        contextNames.some((name) => under(name, source)),
        source,
      ).toBe(true);
    const uncopied = contextNames.filter((name) => name !== DOCKERFILE && !sources.some((source) => under(name, source)));
    expect(uncopied).toEqual([]);
  });

  it('hold the runner and its two packages, and none of its tests, examples or attack corpus', () => {
    const tops = new Set(
      contextNames.map((name) =>
        name
          .split('/')
          .slice(0, name.startsWith('nodes/js/') ? 3 : 2)
          .join('/'),
      ),
    );
    expect([...tops].sort()).toEqual([
      'docker/node-sandbox.Dockerfile',
      'docker/sandbox-rootfs',
      'node_modules/lodash',
      'node_modules/moment',
      'nodes/js/SandboxRunner.js',
      'nodes/js/lib',
      'nodes/js/package.json',
      'nodes/js/sandboxWorker.js',
    ]);
  });
});
