// The process: configuration, logger, executor, HTTP server, image preparation, sweeping, graceful shutdown.
import pino from 'pino';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { removeInstanceContainers, sweepOrphans } from './docker/orphanSweeper.js';
import { ensureSandboxImage } from './docker/sandboxImage.js';
import { createExecutor } from './executor.js';
import { loggerOptions } from './logger.js';
import { longestRunMs } from './runners/deadlines.js';

const IMAGE_RETRY_MS = 15_000;

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
}

async function main() {
  const config = configOrExit();
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

  // Containers a killed predecessor left behind: now, and on an interval for whatever else slips through.
  const maxAgeMs = longestRunMs(config.maxLimits.timeSec);
  const sweep = () =>
    sweepOrphans(executor.client, maxAgeMs).then(
      (r) => r.removed > 0 && logger.warn(r, 'removed orphaned sandboxes'),
      (err: unknown) => logger.warn({ err }, 'orphan sweep failed'),
    );
  void sweep();
  const sweeper = setInterval(sweep, config.lifecycle.sweepIntervalSec * 1000).unref();

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    clearInterval(sweeper);
    logger.info({ signal, graceSec: config.lifecycle.shutdownGraceSec }, 'shutting down: letting running executions finish');
    const exit = async (code: number) => {
      const removed = await removeInstanceContainers(executor.client, executor.instanceId).catch(() => 0);
      if (removed > 0) logger.warn({ removed }, 'removed sandboxes still running at shutdown');
      process.exit(code);
    };
    setTimeout(() => void exit(0), config.lifecycle.shutdownGraceSec * 1000).unref();
    app.close().then(
      () => exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        return exit(1);
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
