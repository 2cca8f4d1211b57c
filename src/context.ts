/**
 * Per-request state: the upstream session (its token, its GET deduplication, its stats) and the
 * loaders built on it. Nothing here outlives the GraphQL request.
 */
import { createManageLoaders, type ManageLoaders } from './apps/manage/loaders';
import { createRecoverLoaders, type RecoverLoaders } from './apps/recover/loaders';
import type { UpstreamClient } from './core/http/upstream-client';
import { UpstreamSession, type TokenSource } from './core/http/upstream-session';

export interface GatewayContext {
  upstream: UpstreamSession;
  manage: ManageLoaders;
  recover: RecoverLoaders;
}

export interface ContextSettings {
  maxConcurrency: number;
  /** Per-request deduplication of upstream GETs and loader caching; off only for baselines. */
  dedupe: boolean;
}

export function createContext(client: UpstreamClient, token: TokenSource, settings: ContextSettings): GatewayContext {
  const upstream = new UpstreamSession(client, token, { maxConcurrency: settings.maxConcurrency, dedupe: settings.dedupe });
  const loaderOptions = { cache: settings.dedupe };
  return {
    upstream,
    manage: createManageLoaders(upstream, loaderOptions),
    recover: createRecoverLoaders(upstream, loaderOptions),
  };
}
