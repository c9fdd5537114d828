// Runs code in a fresh worker thread and gives back what it returns: the guards patch the modules of the
// thread they run in (fs, os, the socket classes), which must not be this test's own.
import { Worker } from 'node:worker_threads';

const LIB = new URL('../../lib/', import.meta.url).pathname;

/**
 * @param body the body of an async function run in the worker, with `require` and `lib` (the runner's
 *   lib/ directory, ending in a slash) in scope; what it returns must survive postMessage
 */
export function inWorker(body) {
  const source = `
    const { parentPort } = require('node:worker_threads');
    const lib = ${JSON.stringify(LIB)};
    (async () => {\n${body}\n})().then(
      (value) => parentPort.postMessage({ value }),
      (err) => parentPort.postMessage({ error: String(err?.stack ?? err) }),
    );`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, stdout: true, stderr: true });
    worker.stdout.resume();
    worker.stderr.resume();
    worker.once('message', (message) => {
      void worker.terminate();
      if ('error' in message) reject(new Error(message.error));
      else resolve(message.value);
    });
    worker.once('error', reject);
  });
}
