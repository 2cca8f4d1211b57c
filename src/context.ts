/**
 * Per-request state: the upstream session (its token, its GET deduplication, its stats) and the
 * loaders built on it. Nothing here outlives the GraphQL request.
 */
import { createManageLoaders, type ManageLoaders } from './apps/manage/loaders';
import { createRecoverLoaders, type RecoverLoaders } from './apps/recover/loaders';
import type { Credentials } from './apps/auth/credentials';
import type { UpstreamClient } from './core/http/upstream-client';
import { UpstreamSession } from './core/http/upstream-session';
import type { IdempotencyStore } from './core/idempotency';

export interface GatewayContext {
  upstream: UpstreamSession;
  manage: ManageLoaders;
  recover: RecoverLoaders;
  /** Who this request acts as; null when it brought no credentials. */
  principal: string | null;
  /** Shared across requests; entries are keyed by principal. */
  idempotency: IdempotencyStore;
}

export interface ContextSettings {
  maxConcurrency: number;
  /** Per-request deduplication of upstream GETs and loader caching; off only for baselines. */
  dedupe: boolean;
}

export interface SharedState {
  client: UpstreamClient;
  idempotency: IdempotencyStore;
}

export function createContext(shared: SharedState, credentials: Credentials, settings: ContextSettings): GatewayContext {
  const upstream = new UpstreamSession(shared.client, credentials.token, {
    maxConcurrency: settings.maxConcurrency,
    dedupe: settings.dedupe,
  });
  const loaderOptions = { cache: settings.dedupe };
  return {
    upstream,
    manage: createManageLoaders(upstream, loaderOptions),
    recover: createRecoverLoaders(upstream, loaderOptions),
    principal: credentials.principal,
    idempotency: shared.idempotency,
  };
}
