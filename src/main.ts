/** Start-up: config -> simulator (when no upstream is set) -> gateway -> listen; clean shutdown. */
// First: tracing patches http and express as they load (observability/tracing.ts).
import { flushTraces } from './observability/tracing';
import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { limitHeapGrowth } from './core/heap-growth';
import { createLogger } from './core/logger';
import { loadManifest, type Manifest } from './security/trusted-documents';
import { createGateway } from './server';
import { banner, redisHost } from './banner';
import { DEMO_LOGIN } from './simulator/companies';
import { UnduitSimulator } from './simulator/server';

async function main(): Promise<void> {
  const config = loadConfig();
  limitHeapGrowth(config.heapGrowthPercent);
  const logger = createLogger(config.logLevel);
  const simulator = config.upstreamBaseUrl
    ? undefined
    : new UnduitSimulator({ latencyMs: config.simulator.latencyMs, recoveryPaceMs: config.simulator.recoveryPaceMs });
  const upstreamBaseUrl = config.upstreamBaseUrl ?? (await simulator!.listen(config.simulator.port, '127.0.0.1'));
  // On the embedded simulator the gateway signs in as the demo user, anonymously, so Sandbox works at once.
  const serviceAccount = config.serviceAccount ?? (simulator ? DEMO_LOGIN : undefined);
  const allowAnonymous = config.allowAnonymous || (Boolean(simulator) && config.apiKeys.length === 0);

  // The settings are the gateway's options by name; only what start-up decides is added here.
  const gateway = await createGateway({
    ...config,
    upstreamBaseUrl,
    serviceAccount,
    allowAnonymous,
    trustedDocuments: config.trustedDocumentsFile ? trustedManifest(config.trustedDocumentsFile) : undefined,
    logger,
  });
  const endpoint = await gateway.listen(config.port, config.host).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EADDRINUSE' || error.code === 'EACCES' ? new ListenError(config.host, config.port, error.code) : error;
  });
  if (config.metricsPort !== undefined)
    logger.info({ url: await gateway.listenMetrics(config.metricsPort, config.host) }, 'metrics served');
  const upstream = simulator ? 'built-in simulator' : redactedUrl(upstreamBaseUrl);
  if (!simulator && !(await gateway.upstreamReachable())) {
    logger.warn({ upstream }, 'the Unduit API cannot be reached at start-up; /readyz answers 503 until it can');
  }
  logger.info({ url: endpoint, upstream, redis: config.redisUrl ? redisHost(config.redisUrl) : null }, 'gateway ready');
  // The banner is for a person at a terminal; a process manager's log stays one JSON line per event.
  if (process.stdout.isTTY) process.stdout.write(banner(config, endpoint, upstreamBaseUrl, Boolean(simulator)));
  if (serviceAccount && allowAnonymous) {
    logger.warn(
      { account: serviceAccount.email },
      'ANONYMOUS ACCESS: requests without a token or API key act as the service account (GATEWAY_ALLOW_ANONYMOUS)',
    );
  }

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    gateway.beginShutdown();
    // Readiness already answers 503; give load balancers their check interval to stop sending traffic.
    if (config.shutdownDelayMs) await new Promise((resolve) => setTimeout(resolve, config.shutdownDelayMs));
    await gateway.stop();
    await simulator?.stop();
    await flushTraces();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

/** The manifest, or a configuration error naming the variable. */
function trustedManifest(file: string): Manifest {
  try {
    return loadManifest(file);
  } catch (error) {
    throw new ConfigError(`GATEWAY_TRUSTED_DOCUMENTS: ${(error as Error).message}`);
  }
}

/** The port cannot be listened on: a person's mistake, said in one line. */
class ListenError extends Error {
  constructor(host: string, port: number, code: string) {
    super(
      code === 'EADDRINUSE'
        ? `Port ${port} on ${host} is in use: stop what listens there, or set PORT to another port`
        : `Port ${port} on ${host} needs privileges this process does not have: set PORT above 1023`,
    );
  }
}

/** A URL without the credentials it may carry. */
function redactedUrl(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.toString().replace(/\/$/, '');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${error.message}\n`);
    process.exit(2);
  }
  if (error instanceof ListenError) {
    process.stderr.write(`Start-up failed: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`Start-up failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
