import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { badUserInput } from '../../core/errors';
import { checkPage } from '../../core/graph/page-args';
import { upTo } from '../../core/graph/query-cost';
import { pageInfo } from '../../core/graph/page-info.type';
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
  async assets(
    @Ctx() ctx: GatewayContext,
    @Args(() => AssetsArgs) args: AssetsArgs,
  ): Promise<AssetPage> {
    const page = checkPage(args.page);
    const raw = await fetchAssetsPage(ctx.upstream, {
      page,
      serialNumber: args.serialNumber?.trim() || null,
      assetId: args.assetId?.trim() || null,
    });
    const items = ctx.manage.primeAssets(raw.assets.map(mapListedAsset));
    return { items, pageInfo: pageInfo(page, MANAGE_PAGE_SIZE, raw.totalPages, raw.totalItems) };
  }

  @Query(() => Asset, {
    nullable: true,
    description: 'The asset with this asset ID or serial number (both: it must match both); null when none.',
  })
  async asset(
    @Ctx() ctx: GatewayContext,
    @Args(() => AssetLookupArgs) { assetId, serialNumber }: AssetLookupArgs,
  ): Promise<Asset | null> {
    const id = assetId?.trim();
    const serial = serialNumber?.trim();
    if (!id && !serial) {
      throw badUserInput('Give `assetId` or `serialNumber` (or both) to look up an asset', [
        { path: 'assetId', message: 'assetId or serialNumber is required' },
      ]);
    }
    if (!id) return ctx.manage.assetBySerial.load(serial!);
    const asset = await ctx.manage.assetById.load(id);
    if (asset && serial && asset.serialNumber?.toLowerCase() !== serial.toLowerCase()) return null;
    return asset;
  }

  @FieldResolver(() => User, { nullable: true, description: 'The user holding this asset; null when unassigned or unknown.' })
  assignedUser(@Root() asset: Asset, @Ctx() ctx: GatewayContext): Promise<User | null> | null {
    return asset.holderEmail ? ctx.manage.userByEmail.load(asset.holderEmail) : null;
  }
}
