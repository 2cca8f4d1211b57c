import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { pageInfo } from '../../core/graph/page-info.type';
import { UpstreamCost } from '../../core/graph/query-cost';
import { ConnectionArgs, connectionOf } from '../../core/graph/connection';
import { selectsOnly } from '../../core/graph/lookahead';
import { Asset, AssetConnection, AssetPage, EMBEDDED_HOLDER_FIELDS, type EmbeddedHolder } from './asset.type';
import { AssetLookupArgs, AssetsArgs } from './manage.args';
import { mapListedAsset } from './map';
import { fetchAssetsPage, MANAGE_PAGE_SIZE } from './rest';
import { User } from './user.type';

@Resolver(() => Asset)
export class AssetsResolver {
  @Query(() => AssetPage, {
    description: "A page of the company's assets (10 per page), optionally filtered by serial number and/or asset ID.",
  })
  @UpstreamCost({ calls: 1, items: MANAGE_PAGE_SIZE })
  async assets(@Ctx() ctx: GatewayContext, @Args(() => AssetsArgs) args: AssetsArgs): Promise<AssetPage> {
    const page = args.page ?? 1;
    if (!args.serialNumber && !args.assetId) {
      const listed = await ctx.loaders.manage.assets.page(page);
      return { items: listed.items, pageInfo: pageInfo(page, MANAGE_PAGE_SIZE, listed.totalPages, listed.totalCount) };
    }
    const raw = await fetchAssetsPage(ctx.upstream, { page, serialNumber: args.serialNumber ?? null, assetId: args.assetId ?? null });
    const items = ctx.loaders.manage.primeAssets(raw.assets.map(mapListedAsset));
    return { items, pageInfo: pageInfo(page, MANAGE_PAGE_SIZE, raw.totalPages, raw.totalItems) };
  }

  @Query(() => AssetConnection, {
    description: "The company's assets as a connection (`first` up to 1,000, `after` a cursor): whole lists in one request.",
  })
  @UpstreamCost({ items: 'first', pageSize: MANAGE_PAGE_SIZE })
  assetsConnection(@Ctx() ctx: GatewayContext, @Args(() => ConnectionArgs) args: ConnectionArgs): Promise<AssetConnection> {
    return connectionOf('assets', args, MANAGE_PAGE_SIZE, (page) => ctx.loaders.manage.assets.page(page));
  }

  @Query(() => Asset, {
    nullable: true,
    description: 'The asset with this asset ID or serial number (both: it must match both); null when none.',
  })
  @UpstreamCost({ lookup: 'assets' })
  asset(@Ctx() ctx: GatewayContext, @Args(() => AssetLookupArgs) args: AssetLookupArgs): Promise<Asset | null> {
    return ctx.loaders.manage.assetByIdOrSerial(args.assetId, args.serialNumber);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The user holding this asset; null when unassigned or unknown.' })
  @UpstreamCost({ lookup: 'users', embedded: EMBEDDED_HOLDER_FIELDS })
  assignedUser(
    @Root() asset: Asset,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<User | null> | EmbeddedHolder | null {
    if (!asset.holderEmail) return null;
    // The assets list embeds the holder's name and email: asking only those costs no lookup.
    if (asset.holder && selectsOnly(info, EMBEDDED_HOLDER_FIELDS)) return asset.holder;
    return ctx.loaders.manage.userByEmail.load(asset.holderEmail);
  }
}
