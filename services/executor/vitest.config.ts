// Two projects: `unit` (pure tests beside the code; no Docker, runs anywhere in seconds) and `docker`
// (src/tests/*.docker.test.ts: real hardened containers on the real engine; its global set-up fails
// loudly when Docker is not reachable). Sized for a 2-core machine.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
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
          // Sandboxes are CPU-bound to create: one test file at a time, at most two sandboxes at once inside it.
          fileParallelism: false,
          maxConcurrency: 2,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
