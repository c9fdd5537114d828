// Unit tests beside the code, the real-Docker suites in src/tests; sized for a 2-core machine.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/tests/globalSetup.ts'],
    // Sandboxes are CPU-bound to create: one test file at a time, at most two sandboxes at once inside it.
    fileParallelism: false,
    maxConcurrency: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
