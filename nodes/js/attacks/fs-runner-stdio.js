// Attack: the runner's stdio through fs: read its stdin (where a reuse sandbox's next job arrives), write
// past its frame on stdout, close stdout or stderr so the frame is lost; by every way fs names a
// descriptor: the sync and callback functions, readFile and appendFile given a number, a stream's `fd`,
// and a FileHandle made to carry one (a genuine one's descriptor field rewritten, an object made on
// FileHandle.prototype, the native handle class whose constructor takes a number).
// Cites: hardening review, class 1: the runner's descriptors (Node's permission model checks paths, never
// descriptors: nodejs.org/api/permissions.html).
// expect: result
// result: {"readStdin": "EBADF", "writeStdout": "EBADF", "statStdout": "EBADF", "readFileStdin": "EBADF", "appendFileStderr": "EBADF", "stream": "EBADF", "closeStdout": "EBADF", "closeStderr": "EBADF", "handleField": "TypeError", "forgedWriteFile": "ERR_INVALID_ARG_TYPE", "forgedMethod": "EBADF", "nativeHandle": "ERR_ILLEGAL_CONSTRUCTOR"}
// limits: {"enableFileSystem": true}
const fs = require('fs');
const outcome = (f) => {
  try {
    f();
    return 'done';
  } catch (e) {
    return e.code ?? e.name;
  }
};
const viaCallback = (f) =>
  new Promise((resolve) => {
    try {
      f((e) => resolve(e ? e.code : 'done'));
    } catch (e) {
      resolve(e.code ?? e.name);
    }
  });
const viaPromise = (f) =>
  Promise.resolve()
    .then(f)
    .then(
      () => 'done',
      (e) => e.code ?? e.name,
    );
const handle = await fs.promises.open('/tmp/own', 'w');
const [kFd, kHandle] = ['kFd', 'kHandle'].map((d) => Object.getOwnPropertySymbols(handle).find((s) => s.description === d));
const forged = Object.create(Object.getPrototypeOf(handle));
Object.defineProperty(forged, 'fd', { value: 1 });
const result = {
  readStdin: outcome(() => fs.readSync(0, Buffer.alloc(16))),
  writeStdout: outcome(() => fs.writeSync(1, '\n')),
  statStdout: outcome(() => fs.fstatSync(1)),
  readFileStdin: outcome(() => fs.readFileSync(0)),
  appendFileStderr: await viaCallback((done) => fs.appendFile(2, 'x', done)),
  stream: await new Promise((resolve) => fs.createWriteStream(null, { fd: 1 }).on('error', (e) => resolve(e.code)).write('x')),
  closeStdout: outcome(() => fs.closeSync(1)),
  closeStderr: await viaCallback((done) => fs.close(2, done)),
  handleField: outcome(() => {
    handle[kFd] = 1;
  }),
  forgedWriteFile: await viaPromise(() => fs.promises.writeFile(forged, 'x')),
  forgedMethod: await viaPromise(() => forged.write('x')),
  nativeHandle: outcome(() => new handle[kHandle].constructor(1)),
};
await handle.close();
return result;
