/**
 * `GET /readyz`: whether a load balancer should send this replica traffic. Ready when it is not
 * shutting down (the answer turns 503 the moment SIGTERM arrives, before the drain starts), the
 * upstream answered anything recently (else a cheap probe: an unauthenticated GET whose 401 proves the
 * API is there), and the service account, when configured, can sign in. `/healthz` stays a bare
 * liveness check: a replica that cannot reach the upstream is alive, just not ready.
 */
import type { RequestHandler } from 'express';
import { UpstreamError } from '../core/errors';
import type { UpstreamClient } from '../core/http/upstream-client';
import { usersEndpoint } from '../apps/manage/rest';
import type { ServiceAccount } from '../security/service-account';

/** An upstream answer younger than this needs no probe. */
const RECENT_ANSWER_MS = 30_000;

export interface ReadinessState {
  shuttingDown: boolean;
}

export function readinessHandler(client: UpstreamClient, serviceAccount: ServiceAccount | undefined, state: ReadinessState): RequestHandler {
  return (_req, res) => {
    checks(client, serviceAccount, state).then((result) => res.status(result.ready ? 200 : 503).json(result));
  };
}

async function checks(client: UpstreamClient, serviceAccount: ServiceAccount | undefined, state: ReadinessState) {
  if (state.shuttingDown) return { ready: false, checks: { shutdown: 'in progress' } };
  const upstream = Date.now() - client.lastAnsweredAt < RECENT_ANSWER_MS || (await reachable(client)) ? 'ok' : 'unreachable';
  const signedIn = serviceAccount ? await serviceAccount.token().then(() => 'ok', () => 'cannot sign in') : 'not configured';
  return { ready: upstream === 'ok' && signedIn !== 'cannot sign in', checks: { upstream, serviceAccount: signedIn } };
}

/** Any HTTP answer, a 401 included, proves the API is there; only a network failure or a timeout does not. */
async function reachable(client: UpstreamClient): Promise<boolean> {
  try {
    await client.send(usersEndpoint.request({}, { query: { page: 1 } }));
    return true;
  } catch (error) {
    return error instanceof UpstreamError && error.failure.kind === 'status';
  }
}
