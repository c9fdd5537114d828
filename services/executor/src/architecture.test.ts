// The layering of src/ as a test: which room may import which, that those rules hold no loop, and that
// only the Docker port imports dockerode. A new import that runs the wrong way fails here, not in review.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.dirname(fileURLToPath(import.meta.url));

/**
 * Each room (a folder, or a file at the top) and the rooms it may import, in a request's order from
 * the bottom up. A room may always import inside itself.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  outcome: [],
  linkedSignal: [],
  protocol: [],
  logger: [],
  docker: ['outcome'],
  hardening: ['docker', 'outcome'],
  config: ['hardening'],
  spec: ['config', 'outcome'],
  // reads request bodies in worker threads with the spec's schema, parseSpec and pre-flight
  intake: ['config', 'outcome', 'spec'],
  admission: ['outcome'],
  // asynchronous executions and their answers: the store and the runs it keeps
  executions: ['outcome'],
  cleanup: ['docker'],
  image: ['docker', 'config'],
  sandboxes: ['admission', 'cleanup', 'config', 'docker', 'hardening', 'linkedSignal', 'outcome', 'protocol', 'spec'],
  metrics: ['outcome'],
  shutdown: ['linkedSignal', 'outcome'],
  routes: [
    'admission',
    'config',
    'docker',
    'executions',
    'image',
    'intake',
    'linkedSignal',
    'metrics',
    'outcome',
    'sandboxes',
    'shutdown',
    'spec',
  ],
  compose: ['admission', 'cleanup', 'config', 'docker', 'hardening', 'metrics', 'sandboxes', 'shutdown'],
  app: ['compose', 'config', 'outcome', 'routes'],
  server: ['app', 'compose', 'config', 'image', 'logger', 'shutdown', 'spec'],
};

/** Where the service's own code lives: every .ts under src/ but tests and their support. */
function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'tests' ? [] : sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const roomOf = (file: string) =>
  path
    .relative(SRC, file)
    .split(path.sep)[0]!
    .replace(/\.[jt]s$/, '');
const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);

describe('the layering of src/', () => {
  const files = sources();

  it('names a room for every folder and top-level file', () => {
    expect([...new Set(files.map(roomOf))].filter((r) => !(r in MAY_IMPORT))).toEqual([]);
  });

  it('has no import that runs the wrong way', () => {
    const wrong = files.flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => ({ from: roomOf(file), to: roomOf(path.resolve(path.dirname(file), spec)), file: path.relative(SRC, file), spec }))
        .filter(({ from, to }) => from !== to && !MAY_IMPORT[from]?.includes(to)),
    );
    expect(wrong).toEqual([]);
  });

  it('allows no loop between rooms', () => {
    const done = new Set<string>();
    const visit = (room: string, trail: string[]): void => {
      if (trail.includes(room)) throw new Error(`loop: ${[...trail, room].join(' → ')}`);
      if (done.has(room)) return;
      for (const next of MAY_IMPORT[room] ?? []) visit(next, [...trail, room]);
      done.add(room);
    };
    for (const room of Object.keys(MAY_IMPORT)) expect(() => visit(room, [])).not.toThrow();
  });

  it('imports dockerode only in the Docker port', () => {
    const users = files.filter((f) => importsOf(f).includes('dockerode')).map((f) => path.relative(SRC, f));
    expect(users.sort()).toEqual(['docker/containerClient.ts', 'docker/dockerodeClient.ts']);
  });
});
