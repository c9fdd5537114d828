// Two projects: `unit` (pure tests beside the code; no Docker, runs anywhere in seconds) and `docker`
// (src/tests/*.docker.test.ts: real hardened containers on the real engine; its global set-up fails
// loudly when Docker is not reachable). Sized for a 2-core machine.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Sandboxes are CPU-bound to create: one Docker test file at a time (a root-only option; the unit
    // files are quick enough that running them one by one costs a second or two).
    fileParallelism: false,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          exclude: ['src/**/*.docker.test.ts'],
        },
      },
      {
        test: {
          name: 'docker',
          include: ['src/**/*.docker.test.ts'],
          globalSetup: ['src/tests/globalSetup.ts'],
          // at most two sandboxes at once inside a file
          maxConcurrency: 2,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
