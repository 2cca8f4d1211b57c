/** What `npm start` tells a person at a terminal (main.ts prints it only there; logs stay JSON). */
import type { GatewayConfig } from './config';
import { DEMO_LOGIN } from './simulator/companies';

export function banner(
  config: Pick<GatewayConfig, 'introspection' | 'redisUrl'>,
  endpoint: string,
  upstream: string,
  embedded: boolean,
): string {
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
  lines.push(
    config.redisUrl
      ? `Shared state: Redis at ${redisHost(config.redisUrl)} (REDIS_URL).`
      : 'Shared state: in this process (set REDIS_URL to run several replicas).',
  );
  return lines.join('\n') + '\n\n';
}

/** Where Redis is, without the credentials a URL may carry. */
export function redisHost(redisUrl: string): string {
  const { protocol, host } = new URL(redisUrl);
  return `${protocol}//${host}`;
}
