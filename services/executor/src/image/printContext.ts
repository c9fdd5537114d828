// Command-line use of the images' inputs, for docker/build-executor-image.sh, run from the built service:
//   node dist/image/printContext.js executor-files      the executor image's context, NUL-separated, for tar
//   node dist/image/printContext.js sandbox-hash BASE   the sandbox image's content hash on that base image
// The script runs the second on the host and in the image it built: the two must agree.
import { contextHash, sandboxContextFiles } from './contextFiles.js';
import { executorContextFiles } from './executorContext.js';

const [command, baseImage] = process.argv.slice(2);
if (command === 'executor-files') {
  process.stdout.write(
    executorContextFiles()
      .map((name) => `${name}\0`)
      .join(''),
  );
} else if (command === 'sandbox-hash' && baseImage) {
  process.stdout.write(`${contextHash(sandboxContextFiles(), baseImage)}\n`);
} else {
  process.stderr.write('usage: printContext.js executor-files | sandbox-hash <base image>\n');
  process.exit(2);
}
