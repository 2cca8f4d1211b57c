import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { upstreamContractBroken } from '../../core/errors';
import { expiryOf } from '../../security/jwt-expiry';
import { AuthPayload } from './auth.type';
import { login, loginEndpoint, refreshToken, refreshTokenEndpoint, type RawTokenResponse } from './rest';

/** Proxies of the upstream's login and refresh; they need no prior token, in every mode. */
@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: 'Signs in to Unduit with email and password and returns a token.' })
  async login(
    @Ctx() ctx: GatewayContext,
    @Arg('email', () => String, { description: 'Your Unduit account email.' }) email: string,
    @Arg('password', () => String, { description: 'Your Unduit password (never logged).' }) password: string,
  ): Promise<AuthPayload> {
    return toPayload(await login(ctx.client, { email: email.trim(), password }), loginEndpoint.name);
  }

  @Mutation(() => AuthPayload, { description: 'Exchanges a valid token for a new one (the upstream `refresh-token`).' })
  async refreshToken(
    @Ctx() ctx: GatewayContext,
    @Arg('token', () => String, { description: 'The current token.' }) token: string,
  ): Promise<AuthPayload> {
    return toPayload(await refreshToken(ctx.client, token.trim()), refreshTokenEndpoint.name);
  }
}

function toPayload(answer: RawTokenResponse, endpoint: string): AuthPayload {
  const expiresAtMs = typeof answer.token === 'string' ? expiryOf(answer.token) : null;
  if (expiresAtMs === null) throw upstreamContractBroken(endpoint, 'sent no token carrying its expiry');
  return { token: answer.token, expiresAt: new Date(expiresAtMs) };
}
