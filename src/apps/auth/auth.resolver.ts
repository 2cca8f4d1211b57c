import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { ErrorCode, GatewayError } from '../../core/errors';
import { AuthPayload } from './auth.type';
import { expiryOf } from './jwt-expiry';
import { login, refreshToken, type RawTokenResponse } from './rest';

/** Proxies of the upstream's login and refresh; they need no prior token, in every mode. */
@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: 'Signs in to Unduit with email and password and returns a token.' })
  async login(
    @Ctx() ctx: GatewayContext,
    @Arg('email', () => String, { description: 'Your Unduit account email.' }) email: string,
    @Arg('password', () => String, { description: 'Your Unduit password (never logged).' }) password: string,
  ): Promise<AuthPayload> {
    return toPayload(await login(ctx.client, { email: email.trim(), password }));
  }

  @Mutation(() => AuthPayload, { description: 'Exchanges a valid token for a new one (the upstream `refresh-token`).' })
  async refreshToken(
    @Ctx() ctx: GatewayContext,
    @Arg('token', () => String, { description: 'The current token.' }) token: string,
  ): Promise<AuthPayload> {
    return toPayload(await refreshToken(ctx.client, token.trim()));
  }
}

function toPayload(answer: RawTokenResponse): AuthPayload {
  const expiresAtMs = typeof answer.token === 'string' ? expiryOf(answer.token) : null;
  if (expiresAtMs === null) {
    throw new GatewayError(ErrorCode.UPSTREAM_ERROR, 'The Unduit API answered without a token carrying its expiry');
  }
  return { token: answer.token, expiresAt: new Date(expiresAtMs) };
}
