/**
 * Who a GraphQL request acts as upstream, decided once per request from its headers:
 * 1. its own `Authorization: Bearer <Unduit token>`: forwarded as is (pass-through);
 * 2. else, when the gateway has a service account: that account, if the request presents a valid
 *    gateway API key (`x-api-key`, or `Authorization: ApiKey <key>`), or if anonymous use is allowed;
 * 3. else nothing: every upstream call fails with UNAUTHENTICATED before anything is sent
 *    (introspection, `login` and `refreshToken` still work).
 * `principal` names the caller for state kept across requests (cache, idempotency keys): a hash of
 * the token, never the token itself.
 */
import { createHash } from 'node:crypto';
import { unauthenticated } from '../core/errors';
import type { CacheScope } from '../core/http/shared-get-cache';
import type { TokenSource } from '../core/upstream/session';
import type { ApiKeys } from './api-keys';
import { expiryOf } from './jwt-expiry';
import type { ServiceAccount } from './service-account';

export interface Credentials {
  token: TokenSource;
  principal: string | null;
  /** Null: answers for this caller are never cached or shared. */
  cacheScope: CacheScope | null;
  /** Set when the gateway can sign in again after the upstream refused its token. */
  renew?: (rejectedToken: string) => void;
  /** A client's own token: shown upstream on one call before the others (see core/upstream/pipeline.ts). */
  verifyFirst?: { validUntilMs: number | null };
  /** The request presented a gateway API key that is not one of ours (counted against its address). */
  wrongApiKey?: boolean;
}

export interface AuthSettings {
  serviceAccount?: ServiceAccount;
  apiKeys: ApiKeys;
  allowAnonymous: boolean;
}

export function credentialsFor(headers: { authorization?: string; 'x-api-key'?: string | string[] }, auth: AuthSettings): Credentials {
  const authorization = headers.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  if (bearer) return bearerCredentials(bearer);
  if (!auth.serviceAccount) return refused(missingToken());

  const apiKey = /^ApiKey\s+(\S+)\s*$/i.exec(authorization)?.[1] ?? singleHeader(headers['x-api-key']);
  if (apiKey !== undefined && !auth.apiKeys.accepts(apiKey)) {
    return { ...refused(unauthenticated('The gateway API key is not valid')), wrongApiKey: true };
  }
  if (apiKey === undefined && !auth.allowAnonymous) {
    return refused(
      unauthenticated(
        'Send a gateway API key as `x-api-key: <key>` (or `Authorization: ApiKey <key>`), or your own Unduit token as `Authorization: Bearer <token>`',
      ),
    );
  }
  return serviceCredentials(auth.serviceAccount);
}

/** Whom a bearer token stands for in state kept across requests: its hash, never the token. */
export function bearerPrincipal(token: string): string {
  return `bearer:${createHash('sha256').update(token).digest('hex')}`;
}

function bearerCredentials(token: string): Credentials {
  const principal = bearerPrincipal(token);
  const validUntilMs = expiryOf(token);
  return {
    token: async () => token,
    principal,
    // A token that does not say when it expires is never cached: its expiry cannot be honoured.
    cacheScope: validUntilMs === null ? null : { principal, validUntilMs },
    verifyFirst: { validUntilMs },
  };
}

function serviceCredentials(account: ServiceAccount): Credentials {
  const principal = `service:${account.email}`;
  return {
    token: () => account.token(),
    principal,
    cacheScope: { principal, validUntilMs: null },
    renew: (rejected) => account.forget(rejected),
  };
}

function refused(error: Error): Credentials {
  return {
    token: async () => {
      throw error;
    },
    principal: null,
    cacheScope: null,
  };
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim() || undefined;
}

export function missingToken() {
  return unauthenticated('Send your Unduit token as `Authorization: Bearer <token>` (from the `login` mutation or the Unduit API)');
}
