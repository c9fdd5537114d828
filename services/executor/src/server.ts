// The process: configuration, logger, executor, HTTP server, image preparation, graceful shutdown.
import pino from 'pino';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { ensureSandboxImage } from './docker/sandboxImage.js';
import { createExecutor } from './executor.js';
import { loggerOptions } from './logger.js';

const IMAGE_RETRY_MS = 15_000;

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = pino(loggerOptions(config.logLevel));
  const executor = createExecutor(config, logger);
  const app = buildApp({ config, logger, ...executor });

  // The service answers (503 with Retry-After) while Docker or the image is not there yet.
  const prepareImage = async (): Promise<void> => {
    if (!config.image.buildIfMissing) return;
    try {
      const r = await ensureSandboxImage(executor.docker, { image: config.image.name, baseImage: config.image.baseImage, log: logger });
      logger.info({ image: r.image, built: r.built, baseImage: r.baseImage }, 'sandbox image ready');
    } catch (err) {
      logger.error({ err }, `sandbox image not ready; retrying in ${IMAGE_RETRY_MS / 1000}s`);
      setTimeout(prepareImage, IMAGE_RETRY_MS).unref();
    }
  };
  void prepareImage();

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));

  await app.listen({ host: config.host, port: config.port });
}

main().catch((err: unknown) => {
  process.stderr.write(`executor failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
