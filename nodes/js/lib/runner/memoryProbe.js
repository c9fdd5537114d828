'use strict';
// Measures the whole sandbox's memory, not only the JS heap, so Buffers and ArrayBuffers count too:
// the container's memory cgroup when its counter is readable (not under gVisor), otherwise this
// process's RSS. Every source is a file opened once and re-read: a poll never needs a new descriptor,
// so user code that exhausts the descriptor limit cannot blind the watchdog. User code shares this
// process's descriptor table, so the number alone is not trusted: each read checks, before and after,
// that the descriptor is still the file opened here, and a figure that is not a count of bytes is not
// taken either. Either throws, and the runner fails closed rather than measure something else.
//
// EDGEQL_MEMORY_SOURCE=rss forces RSS. Outside a container the cgroup counter is the host's, so the
// runner's own tests set it; the image never does.

const fs = require('node:fs');
const { pinDescriptor } = require('../descriptorIdentity');

const CGROUP_COUNTERS = Object.freeze([
  ['cgroup v2', '/sys/fs/cgroup/memory.current'],
  ['cgroup v1', '/sys/fs/cgroup/memory/memory.usage_in_bytes'],
]);

const STATM = '/proc/self/statm';

/**
 * @returns {{ name: string, readBytes: () => number, rssBytes: () => number }} readBytes is what the
 *   limit is checked against; rssBytes is this process's resident set, for the stats
 */
function openMemorySource(preference) {
  const rssBytes = openRss();
  if (preference !== 'rss') {
    for (const [name, file] of CGROUP_COUNTERS) {
      const readBytes = openCounter(file, (text) => Number(text.trim()));
      if (readBytes) return { name, readBytes, rssBytes };
    }
  }
  return { name: 'rss', readBytes: rssBytes, rssBytes };
}

/** Resident pages from /proc/self/statm times the page size, found once against libuv's own figure. */
function openRss() {
  const residentPages = openCounter(STATM, (text) => Number(text.split(' ')[1]));
  if (!residentPages) return () => process.memoryUsage.rss();
  const pageSize = 2 ** Math.round(Math.log2(process.memoryUsage.rss() / residentPages()));
  return () => residentPages() * pageSize;
}

// The file stays open and is re-read from offset 0: a few microseconds per poll, one descriptor (and two
// fstat calls, which pin it to the file opened here).
function openCounter(file, parse) {
  let fd;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  const pinned = pinDescriptor(fd);
  const buffer = Buffer.alloc(128);
  const readBytes = () => {
    if (!pinned.unchanged()) throw new Error(`the memory source ${file} is no longer the file the runner opened`);
    const figure = parse(buffer.toString('latin1', 0, fs.readSync(fd, buffer, 0, buffer.length, 0)));
    if (!pinned.unchanged()) throw new Error(`the memory source ${file} changed while the runner read it`);
    if (!Number.isFinite(figure) || figure < 0) throw new Error(`the memory source ${file} gave no figure`);
    return figure;
  };
  try {
    if (readBytes() > 0) return readBytes;
  } catch {
    // unreadable although it opened: fall through to the next source
  }
  fs.closeSync(fd);
  return null;
}

module.exports = { openMemorySource };
