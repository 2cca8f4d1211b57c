/**
 * Per-request state: who the request acts as, its upstream session (token, GET deduplication,
 * stats) and the loaders built on it. Nothing here outlives the GraphQL request; what is shared
 * across requests (`SharedState`) is bounded and keyed by principal.
 */
import type { Credentials } from './apps/auth/credentials';
import { createManageLoaders, type ManageLoaders } from './apps/manage/loaders';
import { createRecoverLoaders, type RecoverLoaders } from './apps/recover/loaders';
import type { UpstreamClient } from './core/http/upstream-client';
import type { SharedGetCache } from './core/http/shared-get-cache';
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
  /** The upstream without credentials, for login and refresh. */
  client: UpstreamClient;
}

export interface SharedState {
  client: UpstreamClient;
  idempotency: IdempotencyStore;
  sharedCache?: SharedGetCache;
}

export interface ContextSettings {
  maxConcurrency: number;
  /** Deduplication of upstream GETs, loader caching and the shared cache; off only for baselines. */
  dedupe: boolean;
}

export function createContext(shared: SharedState, credentials: Credentials, settings: ContextSettings): GatewayContext {
  const upstream = new UpstreamSession(shared.client, credentials, {
    maxConcurrency: settings.maxConcurrency,
    dedupe: settings.dedupe,
    sharedCache: shared.sharedCache,
  });
  const loaderOptions = { cache: settings.dedupe };
  return {
    upstream,
    manage: createManageLoaders(upstream, loaderOptions),
    recover: createRecoverLoaders(upstream, loaderOptions),
    principal: credentials.principal,
    idempotency: shared.idempotency,
    client: shared.client,
  };
}
