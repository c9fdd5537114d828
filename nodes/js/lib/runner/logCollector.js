'use strict';
// Keeps the console lines the worker streams, up to the job's caps on their number and their bytes.
// It runs in the runner's main thread, which user code cannot reach, so the caps hold whatever the
// worker sends.

const { violations } = require('../protocol');

function createLogCollector({ maxLogEntries, maxLogBytes }) {
  const entries = [];
  let bytes = 0;
  return {
    entries,
    /** Keeps the entry, or returns the OUTPUT_LIMIT violation it would cause and drops it. */
    add(entry) {
      if (entries.length >= maxLogEntries) return violations.logEntryLimit(entries.length + 1, maxLogEntries);
      const size = Buffer.byteLength(entry.message);
      if (bytes + size > maxLogBytes) return violations.outputLimit('logs', bytes + size, maxLogBytes);
      bytes += size;
      entries.push(entry);
      return null;
    },
  };
}

module.exports = { createLogCollector };
