/** Start-up: config -> simulator (when no upstream is set) -> gateway -> listen; clean shutdown. */
// First: tracing patches http and express as they load (observability/tracing.ts).
import { flushTraces } from './observability/tracing';
import 'reflect-metadata';
import { ConfigError, loadConfig, type GatewayConfig } from './config';
import { limitHeapGrowth } from './core/heap-growth';
import { createLogger } from './core/logger';
import { loadManifest, type Manifest } from './security/trusted-documents';
import { createGateway } from './server';
import { DEMO_LOGIN } from './simulator/companies';
import { UnduitSimulator } from './simulator/server';

async function main(): Promise<void> {
  const config = loadConfig();
  limitHeapGrowth(config.heapGrowthPercent);
  const logger = createLogger(config.logLevel);
  const simulator = config.upstreamBaseUrl ? undefined : new UnduitSimulator({ latencyMs: config.simulator.latencyMs });
  const upstreamBaseUrl = config.upstreamBaseUrl ?? (await simulator!.listen(config.simulator.port, '127.0.0.1'));
  // On the embedded simulator the gateway signs in as the demo user, anonymously, so Sandbox works at once.
  const serviceAccount = config.serviceAccount ?? (simulator ? DEMO_LOGIN : undefined);
  const allowAnonymous = config.allowAnonymous || (Boolean(simulator) && config.apiKeys.length === 0);

  const gateway = await createGateway({
    upstreamBaseUrl,
    upstreamTimeoutMs: config.upstreamTimeoutMs,
    upstreamMaxConcurrency: config.upstreamMaxConcurrency,
    traffic: config.traffic,
    dedupe: config.dedupe,
    introspection: config.introspection,
    serviceAccount,
    apiKeys: config.apiKeys,
    allowAnonymous,
    cache: config.cache,
    corsOrigins: config.corsOrigins,
    maxQueryCost: config.maxQueryCost,
    staticLimits: config.staticLimits,
    rateLimits: config.rateLimits,
    trustProxy: config.trustProxy,
    redisUrl: config.redisUrl,
    redisKeyPrefix: config.redisKeyPrefix,
    explorer: config.explorer,
    publicMetrics: config.publicMetrics,
    trustedDocuments: config.trustedDocumentsFile ? trustedManifest(config.trustedDocumentsFile) : undefined,
    logger,
  });
  const endpoint = await gateway.listen(config.port, config.host);
  if (config.metricsPort !== undefined) logger.info({ url: await gateway.listenMetrics(config.metricsPort, config.host) }, 'metrics served');
  process.stdout.write(banner(config, endpoint, upstreamBaseUrl, Boolean(simulator)));
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

function banner(config: GatewayConfig, endpoint: string, upstream: string, embedded: boolean): string {
  const lines = [
    '',
    `Unduit GraphQL gateway ready at ${endpoint}`,
    ...(config.introspection
      ? [`Open GraphiQL (bundled, works offline): ${endpoint.replace(/\/graphql$/, '/graphiql')}`, `Open Apollo Sandbox: ${endpoint}`]
      : ['Introspection and Sandbox are off (GATEWAY_INTROSPECTION=false).']),
  ];
  if (embedded) {
    lines.push(
      `Upstream: the built-in Unduit simulator at ${upstream} (seeded demo data, two companies).`,
      `The gateway is signed in to it as ${DEMO_LOGIN.email}; queries need no token.`,
      'ANONYMOUS ACCESS: anyone reaching this port acts as that demo account (fine on 127.0.0.1, not beyond).',
      'To use the live API instead: UNDUIT_BASE_URL=https://dev-api.unduit.com/api/v1 npm start',
      '(then send `Authorization: Bearer <token>`, or set UNDUIT_EMAIL and UNDUIT_PASSWORD).',
    );
  } else {
    lines.push(`Upstream: ${upstream}`);
  }
  lines.push(config.redisUrl ? `Shared state: Redis at ${redisHost(config.redisUrl)} (REDIS_URL).` : 'Shared state: in this process (set REDIS_URL to run several replicas).');
  return lines.join('\n') + '\n\n';
}

/** The manifest, or a configuration error naming the variable. */
function trustedManifest(file: string): Manifest {
  try {
    return loadManifest(file);
  } catch (error) {
    throw new ConfigError(`GATEWAY_TRUSTED_DOCUMENTS: ${(error as Error).message}`);
  }
}

/** Where Redis is, without the credentials a URL may carry. */
function redisHost(redisUrl: string): string {
  const { protocol, host } = new URL(redisUrl);
  return `${protocol}//${host}`;
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`Start-up failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
