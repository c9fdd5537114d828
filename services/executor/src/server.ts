// The process: configuration, logger, executor, HTTP server, image preparation, sweeping, graceful shutdown.
import pino from 'pino';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { removeInstanceContainers, sweepOrphans } from './cleanup/sweeps.js';
import { ensureSandboxImage } from './image/sandboxImage.js';
import { createExecutor } from './compose.js';
import { Drain, shutdownGracefully } from './shutdown.js';
import { loggerOptions } from './logger.js';
import { createMetrics } from './metrics.js';
import { longestSandboxLifeMs } from './sandboxes/deadlines.js';
import { nodeSpecSchema } from './spec/nodeSpec.js';

const IMAGE_RETRY_MS = 15_000;
/** After the grace, how long the stopped executions get to remove their containers and answer. */
const SHUTDOWN_FLUSH_MS = 10_000;

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
  const logger = pino(loggerOptions(config.logLevel, config.logUserData));
  const executor = createExecutor(config, logger);
  const metrics = createMetrics(executor.slots, () => executor.runner.pool?.stats.idle ?? 0);
  const drain = new Drain();
  const app = buildApp({ config, logger, ...executor, metrics, drain });
  logger.info({ instanceId: executor.instanceId }, 'executor starting');

  // What a predecessor with our instance id left (it was killed, or its host restarted) goes at once, before
  // this process makes sandboxes of its own; another instance's containers carry another id and stay.
  const removePredecessors = () =>
    removeInstanceContainers(executor.client, executor.instanceId, executor.processId).then((removed) => {
      metrics.recordSwept('restart', removed);
      if (removed > 0) logger.warn({ removed, instanceId: executor.instanceId }, "removed the sandboxes of this instance's previous run");
    });
  let predecessorsGone = await removePredecessors().then(
    () => true,
    (err: unknown) => {
      logger.warn({ err }, 'could not look for the previous run\'s sandboxes yet; the sweep retries');
      return false;
    },
  );

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
  void prepareImage().then(() => executor.runner.warmUp(nodeSpecSchema(config).parse({ code: 'return' })));

  // Containers a killed predecessor left behind: now, and on an interval for whatever else slips through.
  const maxAgeMs = longestSandboxLifeMs(config);
  const sweep = async () => {
    if (!predecessorsGone) predecessorsGone = await removePredecessors().then(() => true, () => false);
    await sweepOrphans(executor.client, maxAgeMs).then(
      (r) => {
        metrics.recordSwept('age', r.removed);
        if (r.removed > 0) logger.warn(r, 'removed orphaned sandboxes');
      },
      (err: unknown) => logger.warn({ err }, 'orphan sweep failed'),
    );
  };
  void sweep();

  // The sandbox network and its egress rules, now rather than at the first networking-enabled run, so
  // /health says from the start whether such runs will be served (the first such run retries if not).
  void executor.network.ensure(AbortSignal.timeout(60_000)).then(
    () => logger.info({ egress: executor.egress.status }, 'sandbox network ready'),
    (err: unknown) => logger.warn({ err }, 'networking-enabled runs are refused for now'),
  );
  const sweeper = setInterval(sweep, config.lifecycle.sweepIntervalSec * 1000).unref();

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    clearInterval(sweeper);
    logger.info({ signal, graceSec: config.lifecycle.shutdownGraceSec }, 'shutting down: letting running executions finish');
    void shutdownGracefully({
      drain,
      close: () => app.close(),
      graceMs: config.lifecycle.shutdownGraceSec * 1000,
      flushMs: SHUTDOWN_FLUSH_MS,
      removeRemaining: async () => {
        const removed = await removeInstanceContainers(executor.client, executor.instanceId);
        metrics.recordSwept('shutdown', removed);
        return removed;
      },
      log: logger,
    }).then((r) => {
      logger.info(r, 'executor stopped');
      process.exit(r.exitCode);
    });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));

  await app.listen({ host: config.host, port: config.port });
}

main().catch((err: unknown) => {
  process.stderr.write(`executor failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
