/** The Authentication endpoints (api-collection.txt, "Authentication"). Neither takes a bearer token. */
import type { UpstreamClient } from '../../core/http/upstream-client';

/** Login and refresh both answer with a JWT valid for 4 hours; never depend on `message`. */
export interface RawTokenResponse {
  message?: string;
  token: string;
}

export function login(client: UpstreamClient, credentials: { email: string; password: string }) {
  return client.send<RawTokenResponse>({
    method: 'POST',
    endpoint: 'POST /auth/login',
    path: '/auth/login',
    body: { email: credentials.email, password: credentials.password },
  });
}

/** Sic: refresh lives at `/refresh-token`, not under `/auth`. */
export function refreshToken(client: UpstreamClient, token: string) {
  return client.send<RawTokenResponse>({
    method: 'POST',
    endpoint: 'POST /refresh-token',
    path: '/refresh-token',
    body: { refresh_token: token },
  });
}
