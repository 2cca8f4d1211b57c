import { Args, Ctx, Mutation, Resolver } from 'type-graphql';
import { UpstreamCost } from '../../core/graph/query-cost';
import type { GatewayContext } from '../../context';
import { ErrorCode, rateLimited, upstreamContractBroken, UpstreamError } from '../../core/errors';
import { expiryOf } from '../../security/jwt-expiry';
import { LoginArgs, RefreshTokenArgs } from './auth.args';
import { AuthPayload } from './auth.type';
import { login, loginEndpoint, refreshToken, refreshTokenEndpoint, type RawTokenResponse } from './rest';

/** Proxies of the upstream's login and refresh; they need no prior token, in every mode. */
@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: 'Signs in to Unduit with email and password and returns a token.' })
  @UpstreamCost({ calls: 1 })
  async login(@Ctx() ctx: GatewayContext, @Args(() => LoginArgs) { email, password }: LoginArgs): Promise<AuthPayload> {
    await withinSignInLimits(ctx, email);
    const answer = await login(ctx.client, { email, password }).catch(async (error: unknown) => {
      if (error instanceof UpstreamError && error.code === ErrorCode.UNAUTHENTICATED) await ctx.rateLimits.loginFailed(email);
      throw error;
    });
    return toPayload(answer, loginEndpoint.name);
  }

  @Mutation(() => AuthPayload, { description: 'Exchanges a valid token for a new one (the upstream `refresh-token`).' })
  @UpstreamCost({ calls: 1 })
  async refreshToken(@Ctx() ctx: GatewayContext, @Args(() => RefreshTokenArgs) { token }: RefreshTokenArgs): Promise<AuthPayload> {
    await withinSignInLimits(ctx, undefined);
    return toPayload(await refreshToken(ctx.client, token), refreshTokenEndpoint.name);
  }
}

/** Sign-in attempts are limited per address and per (address, email), and slowed down per email (security/rate-limits.ts). */
async function withinSignInLimits(ctx: GatewayContext, email: string | undefined): Promise<void> {
  const verdict = await ctx.rateLimits.login(ctx.clientAddress, email);
  if (!verdict.allowed) throw rateLimited('sign-in attempts', verdict.retryAfterSeconds);
  if (verdict.delayMs) await new Promise((resolve) => setTimeout(resolve, verdict.delayMs));
}

function toPayload(answer: RawTokenResponse, endpoint: string): AuthPayload {
  const expiresAtMs = typeof answer.token === 'string' ? expiryOf(answer.token) : null;
  if (expiresAtMs === null) throw upstreamContractBroken(endpoint, 'sent no token carrying its expiry');
  return { token: answer.token, expiresAt: new Date(expiresAtMs) };
}
