/**
 * Per-request state: who the request acts as, its upstream session (token, GET deduplication,
 * stats) and every app's loaders built on it (`ctx.loaders.manage.userByEmail`). Nothing here
 * outlives the GraphQL request; what is shared across requests (`SharedState`) is bounded and keyed
 * by principal.
 */
import DataLoader from 'dataloader';
import { apps as defaultApps, type GatewayApps } from './apps';
import { createLoaders, type LoadersOf, type UnduitApp } from './core/app';
import type { ListPageCounts, PageCounts } from './core/loaders/list-scan';
import type { UpstreamClient } from './core/http/upstream-client';
import type { SharedGetCache } from './core/http/shared-get-cache';
import { UpstreamSession } from './core/upstream/session';
import type { LivePollers, SubscriptionTransport } from './core/live/pollers';
import type { IdempotencyStore } from './core/idempotency';
import type { UpstreamTraffic } from './core/upstream/traffic';
import type { Credentials } from './security/credentials';
import type { RateLimits } from './security/rate-limits';
import { TokenCheck } from './security/token-check';
import type { TokenVerdicts } from './security/token-verdicts';

export interface GatewayContext<Loaders = LoadersOf<GatewayApps>> {
  upstream: UpstreamSession;
  loaders: Loaders;
  /** Who this request acts as; null when it brought no credentials. */
  principal: string | null;
  /** Shared across requests; entries are keyed by principal. */
  idempotency: IdempotencyStore;
  /** The upstream without credentials, for login and refresh. */
  client: UpstreamClient;
  /** Where the request came from (X-Forwarded-For only when GATEWAY_TRUST_PROXY says so). */
  clientAddress: string;
  rateLimits: RateLimits;
  /** What the process knows of the caller's lists' page counts (the planner and the cost estimate read it). */
  pageCounts: PageCounts;
  /** Fields for the request's one log line (edge/request-log.ts): the operation, its caller and cost. */
  logFields: Record<string, unknown>;
  /** For subscriptions (core/live/pollers.ts). */
  live: LiveContext<Loaders>;
}

export interface LiveContext<Loaders> {
  pollers: LivePollers;
  /** Whom the subscription limits count it against (security/rate-limits.ts `clientOf`). */
  client: string;
  /** How the subscription is carried (absent outside the subscription transports). */
  transport?: SubscriptionTransport;
  /** When the caller's credentials expire (a bearer token's `exp`); null: not known to. */
  expiresAt: number | null;
  /** Resolves when the caller brought usable credentials; rejects with the error a query would get. */
  admitted(): Promise<unknown>;
  /** An upstream session for one poll: the caller's credentials and traffic policy, never answered by the shared cache. */
  pollSession(): UpstreamSession;
  /**
   * A fresh session, loaders and page counts for resolving `event`: each subscription event resolves
   * as a request of its own, shared by every subscriber of its poller (all of one principal), so N
   * subscribers selecting a relation cost the upstream what one costs.
   */
  renewedFor(event: object): { upstream: UpstreamSession; loaders: Loaders; pageCounts: PageCounts };
}

export interface SharedState {
  client: UpstreamClient;
  /** The process-wide traffic policy every upstream call goes through. */
  traffic: UpstreamTraffic;
  idempotency: IdempotencyStore;
  sharedCache?: SharedGetCache;
  /** What the upstream said of clients' own tokens (verify before fan-out, refused-token memory). */
  tokenVerdicts: TokenVerdicts;
  rateLimits: RateLimits;
  /** The lists' page counts per principal, for the seek-or-scan plan (core/loaders/list-scan.ts). */
  pageCounts: ListPageCounts;
  /** The subscriptions' pollers, one per principal and what it watches. */
  livePollers: LivePollers;
}

export interface ContextSettings {
  maxConcurrency: number;
  /** Deduplication of upstream GETs, loader caching and the shared cache; off only for baselines. */
  dedupe: boolean;
}

/** Who sent the request: the credentials its headers carry, and its address. */
export interface Caller {
  credentials: Credentials;
  clientAddress: string;
  /** Where the request's log line reads its fields (express's `res.locals`). */
  logFields?: Record<string, unknown>;
  /** The client as the rate limits name it (a verified key or token, else the address); default: the address. */
  clientKey?: string;
  /** How a subscription is carried, for the metrics. */
  transport?: SubscriptionTransport;
}

export function createContext<Apps extends ReadonlyArray<UnduitApp> = GatewayApps>(
  shared: SharedState,
  { credentials, clientAddress, logFields = {}, clientKey = `address:${clientAddress}`, transport }: Caller,
  settings: ContextSettings,
  apps: Apps = defaultApps as unknown as Apps,
): GatewayContext<LoadersOf<Apps>> {
  /** `poll`: a subscription's poll, never answered by the shared cache (it refreshes it) and behind interactive calls. */
  const session = (poll: boolean) =>
    new UpstreamSession(shared.traffic, credentials, {
      maxConcurrency: settings.maxConcurrency,
      deadlineMs: shared.traffic.settings.deadlineMs,
      dedupe: settings.dedupe,
      sharedCache: shared.sharedCache,
      background: poll,
      // A client's own token goes out on one call before the others (verify before fan-out).
      // New tokens are budgeted per address: each costs the upstream one call to verify.
      gate: new TokenCheck(shared.tokenVerdicts, credentials.principal, credentials.verifyFirst, () =>
        shared.rateLimits.tokenCheck(clientAddress),
      ),
    });
  const requestState = () => {
    const upstream = session(false);
    const pageCounts = shared.pageCounts.for(credentials.principal);
    const loaders = createLoaders(apps, upstream, { cache: settings.dedupe, pageCounts });
    // A write made some reads stale: no loader of this request may answer from what it held before.
    upstream.onInvalidate(() => clearAll(loaders));
    return { upstream, loaders, pageCounts };
  };
  const { upstream, loaders, pageCounts } = requestState();
  if (credentials.wrongApiKey) void shared.rateLimits.wrongApiKey(clientAddress);
  return {
    upstream,
    loaders,
    principal: credentials.principal,
    idempotency: shared.idempotency,
    client: shared.client,
    clientAddress,
    rateLimits: shared.rateLimits,
    pageCounts,
    logFields,
    live: {
      pollers: shared.livePollers,
      client: clientKey,
      transport,
      expiresAt: credentials.cacheScope?.validUntilMs ?? null,
      admitted: () => credentials.token(),
      pollSession: () => session(true),
      // Past half its deadline, a subscriber that reads the event late gets its own, with time to run.
      renewedFor: (event) =>
        shared.livePollers.requestFor(event, credentials.principal, requestState, shared.traffic.settings.deadlineMs / 2),
    },
  };
}

function clearAll(loaders: object): void {
  for (const appLoaders of Object.values(loaders) as object[]) {
    for (const loader of Object.values(appLoaders)) if (loader instanceof DataLoader) loader.clearAll();
  }
}
