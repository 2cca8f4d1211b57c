import { Args, Ctx, Query, Resolver } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { ConnectionArgs, connectionOf } from '../../core/graph/connection';
import { pageInfo } from '../../core/graph/page-info.type';
import { UpstreamCost } from '../../core/graph/query-cost';
import { UserArgs, UsersArgs } from './manage.args';
import { mapUser } from './map';
import { fetchUsersPage, MANAGE_PAGE_SIZE } from './rest';
import { User, UserConnection, UserPage } from './user.type';

@Resolver(() => User)
export class UsersResolver {
  @Query(() => UserPage, { description: "A page of the company's users (10 per page), optionally filtered by email." })
  @UpstreamCost({ calls: 1, items: MANAGE_PAGE_SIZE })
  async users(@Ctx() ctx: GatewayContext, @Args(() => UsersArgs) args: UsersArgs): Promise<UserPage> {
    const page = args.page ?? 1;
    if (!args.email) {
      const listed = await ctx.loaders.manage.users.page(page);
      return { items: listed.items, pageInfo: pageInfo(page, MANAGE_PAGE_SIZE, listed.totalPages, listed.totalCount) };
    }
    const raw = await fetchUsersPage(ctx.upstream, { page, email: args.email });
    const items = ctx.loaders.manage.primeUsers(raw.users.map(mapUser));
    return { items, pageInfo: pageInfo(page, MANAGE_PAGE_SIZE, raw.totalPages, raw.totalUsers) };
  }

  @Query(() => UserConnection, {
    description: "The company's users as a connection (`first` up to 1,000, `after` a cursor): whole lists in one request.",
  })
  @UpstreamCost({ items: 'first', pageSize: MANAGE_PAGE_SIZE })
  usersConnection(@Ctx() ctx: GatewayContext, @Args(() => ConnectionArgs) args: ConnectionArgs): Promise<UserConnection> {
    return connectionOf('users', args, MANAGE_PAGE_SIZE, (page) => ctx.loaders.manage.users.page(page));
  }

  @Query(() => User, { nullable: true, description: 'The user with this email address (case-insensitive); null when none.' })
  @UpstreamCost({ lookup: 'users' })
  user(@Ctx() ctx: GatewayContext, @Args(() => UserArgs) { email }: UserArgs): Promise<User | null> {
    return ctx.loaders.manage.userByEmail.load(email);
  }
}
