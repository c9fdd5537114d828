'use strict';
// Measures the whole sandbox's memory, not only the JS heap, so Buffers and ArrayBuffers count too:
// the container's memory cgroup when its counter is readable, otherwise this process's RSS.
//
// EDGEQL_MEMORY_SOURCE=rss forces RSS. Outside a container the cgroup counter is the host's, so the
// runner's own tests set it; the image never does.

const fs = require('node:fs');

const CGROUP_COUNTERS = Object.freeze([
  ['cgroup v2', '/sys/fs/cgroup/memory.current'],
  ['cgroup v1', '/sys/fs/cgroup/memory/memory.usage_in_bytes'],
]);

/** @returns {{ name: string, readBytes: () => number }} */
function openMemorySource(preference) {
  if (preference !== 'rss') {
    for (const [name, file] of CGROUP_COUNTERS) {
      const readBytes = openCounter(file);
      if (readBytes) return { name, readBytes };
    }
  }
  return { name: 'rss', readBytes: () => process.memoryUsage.rss() };
}

// The file stays open and is re-read from offset 0: a few microseconds per poll, one descriptor.
function openCounter(file) {
  let fd;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  const buffer = Buffer.alloc(32);
  const readBytes = () => Number(buffer.toString('latin1', 0, fs.readSync(fd, buffer, 0, buffer.length, 0)).trim());
  try {
    if (readBytes() > 0) return readBytes;
  } catch {
    // unreadable although it opened: fall through to the next source
  }
  fs.closeSync(fd);
  return null;
}

module.exports = { openMemorySource };
