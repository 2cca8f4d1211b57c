import { Args, Ctx, Mutation, Resolver } from 'type-graphql';
import { UpstreamCost } from '../../core/graph/query-cost';
import type { GatewayContext } from '../../context';
import { rateLimited, upstreamContractBroken } from '../../core/errors';
import { expiryOf } from '../../security/jwt-expiry';
import { LoginArgs, RefreshTokenArgs } from './auth.args';
import { AuthPayload } from './auth.type';
import { login, loginEndpoint, refreshToken, refreshTokenEndpoint, type RawTokenResponse } from './rest';

/** Proxies of the upstream's login and refresh; they need no prior token, in every mode. */
@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: 'Signs in to Unduit with email and password and returns a token.' })
  @UpstreamCost({ calls: 1 })
  async login(
    @Ctx() ctx: GatewayContext,
    @Args(() => LoginArgs) { email, password }: LoginArgs,
  ): Promise<AuthPayload> {
    await withinSignInLimits(ctx, email);
    return toPayload(await login(ctx.client, { email, password }), loginEndpoint.name);
  }

  @Mutation(() => AuthPayload, { description: 'Exchanges a valid token for a new one (the upstream `refresh-token`).' })
  @UpstreamCost({ calls: 1 })
  async refreshToken(
    @Ctx() ctx: GatewayContext,
    @Args(() => RefreshTokenArgs) { token }: RefreshTokenArgs,
  ): Promise<AuthPayload> {
    await withinSignInLimits(ctx, undefined);
    return toPayload(await refreshToken(ctx.client, token), refreshTokenEndpoint.name);
  }
}

/** Sign-in attempts are limited per address and per email (security/rate-limits.ts). */
async function withinSignInLimits(ctx: GatewayContext, email: string | undefined): Promise<void> {
  const verdict = await ctx.rateLimits.login(ctx.clientAddress, email);
  if (!verdict.allowed) throw rateLimited('sign-in attempts', verdict.retryAfterSeconds);
}

function toPayload(answer: RawTokenResponse, endpoint: string): AuthPayload {
  const expiresAtMs = typeof answer.token === 'string' ? expiryOf(answer.token) : null;
  if (expiresAtMs === null) throw upstreamContractBroken(endpoint, 'sent no token carrying its expiry');
  return { token: answer.token, expiresAt: new Date(expiresAtMs) };
}
