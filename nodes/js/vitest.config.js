'use strict';
// The integration tests start real runners, each a Node process with a worker thread. Two test files
// at a time keeps that to two runners on a 2-core machine, so the time limits stay meaningful.
const { defineConfig } = require('vitest/config');

module.exports = defineConfig({
  test: {
    include: ['test/**/*.test.mjs'],
    maxWorkers: 2,
    minWorkers: 1,
    testTimeout: 20_000,
  },
});
