'use strict';
// What a descriptor number refers to: the device and inode of its open file, from fstat. A number alone
// says nothing once it may have been closed and handed out again (the kernel gives the lowest free one),
// so both threads pin what they rely on: the runner its stdin, stdout and memory source, the worker's
// fs guard each descriptor user code opened.

const fs = require('node:fs');

/**
 * @param fstat fstatSync as it was before anything could replace it (the worker's guard passes the
 *   original, since it replaces fs.fstatSync itself)
 * @returns {{ dev: bigint, ino: bigint }} throws when fd is not open
 */
function identityOf(fd, fstat = fs.fstatSync) {
  const stats = fstat(fd, { bigint: true });
  return { dev: stats.dev, ino: stats.ino };
}

/** Whether fd is open and refers to the same file as `identity`; never throws. */
function isStill(fd, identity, fstat = fs.fstatSync) {
  try {
    const now = identityOf(fd, fstat);
    return now.dev === identity.dev && now.ino === identity.ino;
  } catch {
    return false;
  }
}

/**
 * The identity of fd, taken now; `unchanged()` then says whether fd still refers to that file.
 * @returns {{ fd: number, unchanged: () => boolean }} throws when fd is not open now
 */
function pinDescriptor(fd, fstat = fs.fstatSync) {
  const identity = identityOf(fd, fstat);
  return Object.freeze({ fd, unchanged: () => isStill(fd, identity, fstat) });
}

module.exports = { identityOf, isStill, pinDescriptor };
