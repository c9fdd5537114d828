// The process: configuration, logger, collaborators, HTTP server, image preparation, cleanup, graceful shutdown.
import pino from 'pino';
import { buildApp } from './app.js';
import { createExecutor } from './compose.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { ensureSandboxImage } from './image/sandboxImage.js';
import { loggerOptions } from './logger.js';
import { shutdownGracefully } from './shutdown.js';
import { nodeSpecSchema } from './spec/nodeSpec.js';

const IMAGE_RETRY_MS = 15_000;
const NETWORK_READY_MS = 60_000;
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
  const { janitor, orchestrator, drain } = executor;
  const app = buildApp({ config, logger, ...executor });
  logger.info({ instanceId: executor.owner.instanceId }, 'executor starting');

  // What a predecessor with our instance id left goes before this process makes sandboxes of its own;
  // another instance's containers carry another id and stay. Then the age sweep, on its interval.
  await janitor.start();

  // The service answers (503 with Retry-After) while Docker or the image is not there yet.
  const prepareImage = async (): Promise<void> => {
    if (!config.image.buildIfMissing) return;
    try {
      const r = await ensureSandboxImage(executor.engine, { image: config.image.name, baseImage: config.image.baseImage, log: logger });
      logger.info({ image: r.image, built: r.built, baseImage: r.baseImage }, 'sandbox image ready');
    } catch (err) {
      logger.error({ err }, `sandbox image not ready; retrying in ${IMAGE_RETRY_MS / 1000}s`);
      setTimeout(prepareImage, IMAGE_RETRY_MS).unref();
    }
  };
  void prepareImage().then(() => orchestrator.warmUp(nodeSpecSchema(config).parse({ code: 'return' })));

  // The sandbox network and its egress rules, now rather than at the first networking-enabled run, so
  // /health says from the start whether such runs will be served (the first such run retries if not).
  void executor.network.ensure(AbortSignal.timeout(NETWORK_READY_MS)).then(
    () => logger.info({ egress: executor.egress.status }, 'sandbox network ready'),
    (err: unknown) => logger.warn({ err }, 'networking-enabled runs are refused for now'),
  );

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal, graceSec: config.lifecycle.shutdownGraceSec }, 'shutting down: letting running executions finish');
    void shutdownGracefully({
      drain,
      close: () => app.close(),
      graceMs: config.lifecycle.shutdownGraceSec * 1000,
      flushMs: SHUTDOWN_FLUSH_MS,
      // This instance's sandboxes, then its network and egress rules, unless another instance's are on it.
      removeRemaining: async () => {
        const removed = await janitor.removeRemaining();
        const network = await executor.network.release(AbortSignal.timeout(NETWORK_READY_MS));
        logger.info({ network: executor.network.name, outcome: network }, 'sandbox network released');
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
