'use strict';
// The worker's fs takes only the descriptors it opened for user code. Node's permission model checks
// paths, never descriptors, and user code shares this process's descriptor table with the runner: its
// stdin (a reuse sandbox's next job), stdout (the frame), stderr, the memory source the watchdog polls,
// and libuv's own (each thread's epoll and eventfd descriptors, the signal pipes). Any of them is a small
// number away, to read, write, close, or close and reopen as a file of the user's (the kernel hands out
// the lowest free number). So, in this worker, before any user code runs:
//
// - the fs module is patched in place, not handed out as a copy: every reference to it is this one object,
//   a stream's internal one among them, so a stream given `fd: 1` goes through the same checks. Every
//   function that takes a descriptor (and readFile, writeFile, appendFile given a number) refuses one it
//   did not hand out, with EBADF, as if it were not open; one it handed out is checked at each use to
//   still be the file it opened (fstat's device and inode), since a number can be closed behind its back
//   and handed out again;
// - a FileHandle (fs.promises) is genuine when Node constructed it: its constructor stores the native
//   handle it wraps through an accessor this guard puts on FileHandle.prototype, which checks that the
//   value is a native handle (whose descriptor user code cannot choose: the native class, whose
//   constructor takes a raw number, is not reachable, and neither is FileHandle itself) and then fixes the
//   instance's descriptor fields to that handle's. FileHandle's methods refuse any other object (one made
//   on FileHandle.prototype would say whatever `fd` it liked), and fs.promises' readFile, writeFile and
//   appendFile get a path or a genuine FileHandle, nothing that could become a FileHandle between the
//   check and their use. A FileHandle's number is not one the descriptor functions take: closed by its
//   handle, the number would stay on their list.
//
// The network modules' raw-descriptor entry points are lib/worker/socketGuard.js's.

const fs = require('node:fs');
const { fileURLToPath } = require('node:url');
const { types } = require('node:util');
const { EBADF } = require('node:os').constants.errno;
const { identityOf, isStill } = require('../descriptorIdentity');
const { ReflectApply } = require('./hostIntrinsics');
const { tameOverride } = require('./realmLocks');

// Functions of fs whose first argument is a descriptor: each in its callback and its sync form.
const DESCRIPTOR_FIRST = Object.freeze([
  'fchmod',
  'fchown',
  'fdatasync',
  'fstat',
  'fsync',
  'ftruncate',
  'futimes',
  'read',
  'readv',
  'write',
  'writev',
]);
// Functions whose first argument is a path, or a descriptor when it is a number.
const PATH_OR_DESCRIPTOR = Object.freeze(['readFile', 'writeFile', 'appendFile']);
// fs.promises functions that take a path or a FileHandle.
const PROMISES_PATH_OR_HANDLE = Object.freeze(['readFile', 'writeFile', 'appendFile']);

const { defineProperty, freeze, getOwnPropertyDescriptor, getOwnPropertySymbols, getPrototypeOf } = Object;
const { ownKeys } = Reflect;
const BufferFrom = Buffer.from;
const { isUint8Array } = types;
const nextTick = process.nextTick;
const MapGet = Map.prototype.get;
const MapSet = Map.prototype.set;
const MapDelete = Map.prototype.delete;
const WeakMapSet = WeakMap.prototype.set;
const WeakMapHas = WeakMap.prototype.has;

// Taken when this module loads, before anything here replaces them.
const original = Object.freeze({
  fstatSync: fs.fstatSync,
  open: fs.open,
  openSync: fs.openSync,
  close: fs.close,
  closeSync: fs.closeSync,
  promisesOpen: fs.promises.open,
});

/** The descriptors handed out to user code, each with the identity of the file it was opened on. */
const owned = new Map();
/** Genuine FileHandles (constructed by Node, around a native handle), each with its fixed fields. */
const genuine = new WeakMap();

/** Whether user code opened fd through this fs and it still refers to that file. */
function ownsDescriptor(fd) {
  const identity = ReflectApply(MapGet, owned, [fd]);
  return identity !== undefined && isStill(fd, identity, original.fstatSync);
}

/** Whether `value` is a FileHandle Node constructed (see above). */
function isGenuineFileHandle(value) {
  return ReflectApply(WeakMapHas, genuine, [value]);
}

function own(fd) {
  try {
    ReflectApply(MapSet, owned, [fd, identityOf(fd, original.fstatSync)]);
  } catch {
    // not open after all: nothing to own
  }
}

/** The error of a refused descriptor: Node's own for a descriptor that is not open, with why. */
function badDescriptor(syscall) {
  const err = new Error(`EBADF: bad file descriptor, ${syscall} (the sandbox's fs takes only the descriptors it opened)`);
  err.errno = -EBADF;
  err.code = 'EBADF';
  err.syscall = syscall;
  return err;
}

/** A callback function refuses as Node does for a descriptor that is not open: through its callback. */
function refuseThroughCallback(name, args) {
  const callback = args[args.length - 1];
  if (typeof callback !== 'function') throw badDescriptor(name);
  nextTick(callback, badDescriptor(name));
}

const named = (name, fn) => defineProperty(fn, 'name', { value: name });

function guardDescriptorFirst(name, fn, sync) {
  return named(name, function (...args) {
    if (typeof args[0] === 'number' && !ownsDescriptor(args[0])) {
      if (sync) throw badDescriptor(name);
      return refuseThroughCallback(name, args);
    }
    return ReflectApply(fn, this, args);
  });
}

/** fs.open's callback is where Node finds it: the second argument of two, else a function third, else the fourth. */
function openCallbackIndex(args) {
  if (args.length < 3) return 1;
  return typeof args[2] === 'function' ? 2 : 3;
}

const guarded = {
  open(...args) {
    const at = openCallbackIndex(args);
    const callback = args[at];
    if (typeof callback === 'function') {
      args[at] = (err, fd) => {
        if (err == null) own(fd);
        callback(err, fd);
      };
    }
    return ReflectApply(original.open, this, args);
  },
  openSync(...args) {
    const fd = ReflectApply(original.openSync, this, args);
    own(fd);
    return fd;
  },
  close(...args) {
    const fd = args[0];
    if (typeof fd === 'number') {
      if (!ownsDescriptor(fd)) {
        // fs.close's default callback throws its error; so does this refusal without one.
        if (typeof args[1] !== 'function') return nextTick(throwError, badDescriptor('close'));
        return refuseThroughCallback('close', args);
      }
      ReflectApply(MapDelete, owned, [fd]);
    }
    return ReflectApply(original.close, this, args);
  },
  closeSync(...args) {
    const fd = args[0];
    if (typeof fd === 'number') {
      if (!ownsDescriptor(fd)) throw badDescriptor('close');
      ReflectApply(MapDelete, owned, [fd]);
    }
    return ReflectApply(original.closeSync, this, args);
  },
};

function throwError(err) {
  throw err;
}

// Fixed where they are: code of Node's and of the packages finds them on the module at call time.
function lock(object, key, value) {
  defineProperty(object, key, { value, writable: false, enumerable: true, configurable: false });
}

/** Patches this worker's fs module and fs.promises in place. Synchronous; see guardFileHandles for the rest. */
function guardFileSystem() {
  for (const name of DESCRIPTOR_FIRST) {
    lock(fs, name, guardDescriptorFirst(name, fs[name], false));
    lock(fs, `${name}Sync`, guardDescriptorFirst(`${name}Sync`, fs[`${name}Sync`], true));
  }
  for (const name of PATH_OR_DESCRIPTOR) {
    lock(fs, name, guardDescriptorFirst(name, fs[name], false));
    lock(fs, `${name}Sync`, guardDescriptorFirst(`${name}Sync`, fs[`${name}Sync`], true));
  }
  for (const name of ['open', 'openSync', 'close', 'closeSync']) lock(fs, name, named(name, guarded[name]));

  const promises = fs.promises;
  for (const name of PROMISES_PATH_OR_HANDLE) {
    const fn = promises[name];
    lock(
      promises,
      name,
      // Asynchronous as Node's own: a refused argument rejects, it does not throw.
      named(name, async function (path, ...rest) {
        return ReflectApply(fn, this, [pathOrGenuineHandle(path), ...rest]);
      }),
    );
  }
}

/**
 * What fs.promises' readFile, writeFile and appendFile may be given: a string, a genuine FileHandle, a
 * copy of a Buffer's bytes, or the path of a file URL. They ask `instanceof FileHandle` only after reading
 * the options, whose getters could by then have given a Buffer or a URL-like object FileHandle.prototype,
 * so what they get is a value user code holds no reference to.
 */
function pathOrGenuineHandle(path) {
  if (typeof path === 'string' || isGenuineFileHandle(path)) return path;
  if (isUint8Array(path)) return BufferFrom(path);
  if (typeof path === 'object' && path !== null) return fileURLToPath(path);
  return path;
}

/** A stand-in for a class user code must not construct: it answers as the class does, and refuses. */
function refusedConstructor(original, why) {
  const refuse = () => {
    const err = new TypeError(`Illegal constructor: ${why}`);
    err.code = 'ERR_ILLEGAL_CONSTRUCTOR';
    throw err;
  };
  return new Proxy(original, { apply: refuse, construct: refuse });
}

function symbolNamed(object, description) {
  const found = getOwnPropertySymbols(object).find((symbol) => symbol.description === description);
  if (found === undefined) throw new Error(`the sandbox cannot guard FileHandles: this Node's have no ${description}`);
  return found;
}

/**
 * The accessors FileHandle's constructor stores its native handle and descriptor through. The first
 * store on an object (the constructor's, or a deserialized one's) makes it genuine when the value is a
 * native handle or nothing, and gives it own fixed accessors for both and for `fd`; from then on the
 * handle may only go from nothing to a native handle (a deserialized FileHandle gets its handle after
 * construction) or to nothing (closing, transferring), and the descriptor only to -1 or to the handle's.
 */
function storeAccessors(kFd, kHandle, nativeFd) {
  const isNative = (value) => {
    try {
      ReflectApply(nativeFd, value, []);
      return true;
    } catch {
      return false;
    }
  };
  const fixed = (message) => new TypeError(`A FileHandle’s ${message} is fixed`);
  function becomeGenuine(self, native) {
    const state = { native, fd: -1 };
    defineProperty(self, kHandle, {
      get: () => state.native,
      set(value) {
        if (value === null || value === undefined) state.native = null;
        else if (state.native === null && isNative(value)) state.native = value;
        else throw fixed('handle');
      },
      configurable: false,
    });
    defineProperty(self, kFd, {
      get: () => state.fd,
      set(value) {
        if (value === -1 || (state.native !== null && value === ReflectApply(nativeFd, state.native, []))) state.fd = value;
        else throw fixed('descriptor');
      },
      configurable: false,
    });
    defineProperty(self, 'fd', { get: () => state.fd, enumerable: false, configurable: false });
    ReflectApply(WeakMapSet, genuine, [self, state]);
  }
  return {
    [kHandle]: {
      get: () => undefined,
      set(value) {
        if (value !== null && value !== undefined && !isNative(value)) throw new TypeError('A FileHandle wraps a native handle');
        becomeGenuine(this, value ?? null);
      },
      enumerable: false,
      configurable: false,
    },
    // Read before any store only by code that is not Node's own: such an object has no descriptor.
    [kFd]: { get: () => -1, set: () => {}, enumerable: false, configurable: false },
  };
}

/**
 * Takes the FileHandle class and its native handle's from one FileHandle opened on this file, then:
 * FileHandle.prototype gets the accessors above, every one of its methods refuses an object that is not
 * genuine, both classes' `constructor` refuses, FileHandle.prototype is frozen and the native class's
 * methods fixed. Asynchronous, as fs.promises.open is: the worker awaits it before user code runs.
 */
async function guardFileHandles() {
  const sample = await original.promisesOpen(__filename, 'r');
  try {
    const kFd = symbolNamed(sample, 'kFd');
    const kHandle = symbolNamed(sample, 'kHandle');
    const proto = getPrototypeOf(sample);
    const nativeProto = getPrototypeOf(sample[kHandle]);
    const nativeFd = getOwnPropertyDescriptor(nativeProto, 'fd')?.get;
    if (typeof nativeFd !== 'function') throw new Error('the sandbox cannot guard FileHandles: their native handle has no fd getter');
    for (const key of ownKeys(proto)) {
      const desc = getOwnPropertyDescriptor(proto, key);
      if (key === 'constructor' || typeof desc.value !== 'function') continue;
      const method = desc.value;
      const name = typeof key === 'symbol' ? `[${key.description}]` : key;
      desc.value = named(name, function (...args) {
        if (!isGenuineFileHandle(this)) throw badDescriptor(`FileHandle.${name}`);
        return ReflectApply(method, this, args);
      });
      defineProperty(proto, key, desc);
    }
    const accessors = storeAccessors(kFd, kHandle, nativeFd);
    for (const key of ownKeys(accessors)) defineProperty(proto, key, accessors[key]);
    const why = 'a FileHandle comes from fs.promises.open()';
    defineProperty(proto, 'constructor', { value: refusedConstructor(proto.constructor, why), writable: false, configurable: false });
    freeze(proto);
    // The native class keeps its data fields writable (Node 20 stores `onread` on each handle as data).
    defineProperty(nativeProto, 'constructor', {
      value: refusedConstructor(nativeProto.constructor, why),
      writable: false,
      configurable: false,
    });
    for (const key of ownKeys(nativeProto))
      if (typeof getOwnPropertyDescriptor(nativeProto, key).value === 'function') tameOverride(nativeProto, key);
    Object.preventExtensions(nativeProto);
  } finally {
    await sample.close();
  }
}

module.exports = {
  DESCRIPTOR_FIRST,
  PATH_OR_DESCRIPTOR,
  guardFileSystem,
  guardFileHandles,
  ownsDescriptor,
  isGenuineFileHandle,
  badDescriptor,
  refusedConstructor,
};
