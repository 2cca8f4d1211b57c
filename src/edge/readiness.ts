/**
 * `GET /readyz`: whether a load balancer should send this replica traffic. Ready when it is not
 * shutting down (the answer turns 503 the moment SIGTERM arrives, before the drain starts), the
 * upstream answered anything recently (else a cheap probe: an unauthenticated GET whose 401 proves the
 * API is there), the service account, when configured, could sign in (its last outcome: a probe
 * never causes a sign-in of its own once one was tried), and Redis, when configured,
 * answers. Without Redis the replica still serves reads (status `degraded`) but refuses keyed writes,
 * so it is not ready; an operator who prefers reads served during a Redis outage points the load
 * balancer at `/healthz` instead. `/healthz` stays a bare liveness check: a replica that cannot reach
 * the upstream is alive, just not ready.
 */
import type { RequestHandler } from 'express';
import { UpstreamError } from '../core/errors';
import type { UpstreamClient } from '../core/http/upstream-client';
import { usersEndpoint } from '../apps/manage/rest';
import type { RedisConnection } from '../core/redis/redis-connection';
import type { ServiceAccount } from '../security/service-account';

/** An upstream answer younger than this needs no probe. */
const RECENT_ANSWER_MS = 30_000;

export interface ReadinessState {
  shuttingDown: boolean;
}

export function readinessHandler(
  client: UpstreamClient,
  serviceAccount: ServiceAccount | undefined,
  redis: RedisConnection | undefined,
  state: ReadinessState,
): RequestHandler {
  return (_req, res) => {
    checks(client, serviceAccount, redis, state).then((result) => res.status(result.ready ? 200 : 503).json(result));
  };
}

async function checks(
  client: UpstreamClient,
  serviceAccount: ServiceAccount | undefined,
  redis: RedisConnection | undefined,
  state: ReadinessState,
) {
  if (state.shuttingDown) return { ready: false, status: 'shutting down', checks: { shutdown: 'in progress' } };
  const upstream = Date.now() - client.lastAnsweredAt < RECENT_ANSWER_MS || (await reachable(client)) ? 'ok' : 'unreachable';
  const signedIn = serviceAccount ? await serviceAccount.signInStatus() : 'not configured';
  const shared = !redis ? 'not configured' : (await redis.answers()) ? 'ok' : 'unreachable';
  const serving = upstream === 'ok' && signedIn !== 'cannot sign in';
  const ready = serving && shared !== 'unreachable';
  return {
    ready,
    status: ready ? 'ready' : serving ? 'degraded' : 'unavailable',
    checks: { upstream, serviceAccount: signedIn, redis: shared },
  };
}

/** Any HTTP answer, a 401 included, proves the API is there; only a network failure or a timeout does not. */
export async function reachable(client: UpstreamClient): Promise<boolean> {
  try {
    await client.send(usersEndpoint.request({}, { query: { page: 1 } }));
    return true;
  } catch (error) {
    return error instanceof UpstreamError && error.failure.kind === 'status';
  }
}
