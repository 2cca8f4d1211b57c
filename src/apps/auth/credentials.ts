/**
 * Who a GraphQL request acts as upstream. The client's own bearer token wins; else the service
 * account's; else every upstream call fails with UNAUTHENTICATED before anything is sent
 * (introspection still works without a token). `principal` names the caller for state kept across
 * requests (idempotency keys): a hash of the token, never the token itself.
 */
import { createHash } from 'node:crypto';
import { unauthenticated } from '../../core/errors';
import type { TokenSource } from '../../core/http/upstream-session';
import type { ServiceAccount } from './service-account';

export interface Credentials {
  token: TokenSource;
  principal: string | null;
}

export function credentialsFor(authorization: string | undefined, serviceAccount: ServiceAccount | undefined): Credentials {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (bearer) {
    return { token: async () => bearer, principal: `bearer:${createHash('sha256').update(bearer).digest('hex')}` };
  }
  if (serviceAccount) return { token: () => serviceAccount.token(), principal: `service:${serviceAccount.email}` };
  return {
    token: async () => {
      throw missingToken();
    },
    principal: null,
  };
}

export function missingToken() {
  return unauthenticated('Send your Unduit token as `Authorization: Bearer <token>` (from the `login` of the Unduit API)');
}
