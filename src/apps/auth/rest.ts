/** The Authentication endpoints (api-collection.txt, "Authentication"). Neither takes a bearer token. */
import { endpoint } from '../../core/http/endpoint';
import type { UpstreamClient } from '../../core/http/upstream-client';

/** Login and refresh both answer with a JWT valid for 4 hours; never depend on `message`. */
export interface RawTokenResponse {
  message?: string;
  token: string;
}

export const loginEndpoint = endpoint('POST', '/auth/login');

/** Sic: refresh lives at `/refresh-token`, not under `/auth`. */
export const refreshTokenEndpoint = endpoint('POST', '/refresh-token');

export const authEndpoints = [loginEndpoint, refreshTokenEndpoint];

export function login(client: UpstreamClient, credentials: { email: string; password: string }) {
  return client.send<RawTokenResponse>(loginEndpoint.request({}, { body: { email: credentials.email, password: credentials.password } }));
}

export function refreshToken(client: UpstreamClient, token: string) {
  return client.send<RawTokenResponse>(refreshTokenEndpoint.request({}, { body: { refresh_token: token } }));
}
