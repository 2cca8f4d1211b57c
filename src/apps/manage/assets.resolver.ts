import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { pageInfo } from '../../core/graph/page-info.type';
import { upTo } from '../../core/graph/query-cost';
import { Asset, AssetPage } from './asset.type';
import { AssetLookupArgs, AssetsArgs } from './manage.args';
import { mapListedAsset } from './map';
import { fetchAssetsPage, MANAGE_PAGE_SIZE } from './rest';
import { User } from './user.type';

@Resolver(() => Asset)
export class AssetsResolver {
  @Query(() => AssetPage, {
    description: "A page of the company's assets (10 per page), optionally filtered by serial number and/or asset ID.",
    complexity: upTo(MANAGE_PAGE_SIZE),
  })
  async assets(@Ctx() ctx: GatewayContext, @Args(() => AssetsArgs) args: AssetsArgs): Promise<AssetPage> {
    const page = args.page ?? 1;
    const raw = await fetchAssetsPage(ctx.upstream, { page, serialNumber: args.serialNumber ?? null, assetId: args.assetId ?? null });
    const items = ctx.loaders.manage.primeAssets(raw.assets.map(mapListedAsset));
    return { items, pageInfo: pageInfo(page, MANAGE_PAGE_SIZE, raw.totalPages, raw.totalItems) };
  }

  @Query(() => Asset, {
    nullable: true,
    description: 'The asset with this asset ID or serial number (both: it must match both); null when none.',
  })
  asset(@Ctx() ctx: GatewayContext, @Args(() => AssetLookupArgs) args: AssetLookupArgs): Promise<Asset | null> {
    return ctx.loaders.manage.assetByIdOrSerial(args.assetId, args.serialNumber);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The user holding this asset; null when unassigned or unknown.' })
  assignedUser(@Root() asset: Asset, @Ctx() ctx: GatewayContext): Promise<User | null> | null {
    return asset.holderEmail ? ctx.loaders.manage.userByEmail.load(asset.holderEmail) : null;
  }
}
