import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { badUserInput, ErrorCode, GatewayError, nullIfNotFound } from '../../core/errors';
import { checkLimit, checkPage, DEFAULT_PAGE_SIZE, PageAndLimitArgs } from '../../core/graph/page-args';
import { childFieldArgs } from '../../core/graph/lookahead';
import { pageInfo } from '../../core/graph/page-info.type';
import { perLimit, upTo } from '../../core/graph/query-cost';
import { Campaign, CampaignPage, type CampaignDetailsPart } from './campaign.type';
import { EmployeePage } from './employee.type';
import { mapListedCampaign } from './map';
import { fetchCampaignsPage } from './rest';
import { ReturnAddress } from './return-address.type';

@Resolver(() => Campaign)
export class CampaignsResolver {
  @Query(() => CampaignPage, { description: "A page of the company's recovery campaigns.", complexity: perLimit })
  async campaigns(
    @Ctx() ctx: GatewayContext,
    @Args(() => PageAndLimitArgs) args: PageAndLimitArgs,
  ): Promise<CampaignPage> {
    const page = checkPage(args.page);
    const limit = checkLimit(args.limit);
    const raw = await fetchCampaignsPage(ctx.upstream, { page, limit });
    const items = ctx.recover.primeListed(raw.campaigns.map(mapListedCampaign));
    return { items, pageInfo: pageInfo(page, limit, raw.total_pages, raw.total_records) };
  }

  @Query(() => Campaign, { nullable: true, description: 'One campaign by its number; null when the upstream has none.' })
  async campaign(
    @Ctx() ctx: GatewayContext,
    @Arg('campaignNumber', () => ID, { description: 'The campaign number.' }) campaignNumber: string,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Campaign | null> {
    const number = checkCampaignNumber(campaignNumber);
    const details = await nullIfNotFound(ctx.recover.campaignDetails.load(detailsKeyFor(number, info)));
    return details?.campaign ?? null;
  }

  @FieldResolver(() => Int, { description: 'Number of devices to recover in this campaign.' })
  async totalDeviceCount(@Root() campaign: Campaign, @Ctx() ctx: GatewayContext): Promise<number> {
    if (campaign.knownDeviceCount !== null) return campaign.knownDeviceCount;
    // Only the campaign list carries this count; find the campaign there.
    const listed = await ctx.recover.listedCampaign.load(campaign.campaignNumber);
    if (listed?.knownDeviceCount == null) {
      throw new GatewayError(ErrorCode.UPSTREAM_ERROR, `The campaign list has no device count for campaign ${campaign.campaignNumber}`);
    }
    return listed.knownDeviceCount;
  }

  @FieldResolver(() => Int, { description: 'Number of employees in this campaign.' })
  async totalEmployeeCount(@Root() campaign: Campaign, @Ctx() ctx: GatewayContext): Promise<number> {
    if (campaign.knownEmployeeCount !== null) return campaign.knownEmployeeCount;
    const details = await ctx.recover.campaignDetails.load(firstPage(campaign.campaignNumber));
    return details.pageInfo.totalCount;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Email of the helpdesk employees can write to.' })
  async helpdeskEmail(@Root() campaign: Campaign, @Ctx() ctx: GatewayContext): Promise<string | null> {
    return (await detailsOf(campaign, ctx)).helpdeskEmail;
  }

  @FieldResolver(() => [ReturnAddress], { description: 'Where devices of this campaign are returned to.', complexity: upTo(3) })
  async returnAddresses(@Root() campaign: Campaign, @Ctx() ctx: GatewayContext): Promise<ReturnAddress[]> {
    return (await detailsOf(campaign, ctx)).returnAddresses;
  }

  @FieldResolver(() => EmployeePage, { description: 'A page of the employees in this campaign.', complexity: perLimit })
  async employees(
    @Root() campaign: Campaign,
    @Ctx() ctx: GatewayContext,
    @Args(() => PageAndLimitArgs) args: PageAndLimitArgs,
  ): Promise<EmployeePage> {
    const key = { campaignNumber: campaign.campaignNumber, page: checkPage(args.page), limit: checkLimit(args.limit) };
    const details = await ctx.recover.campaignDetails.load(key);
    return { items: details.employees, pageInfo: details.pageInfo };
  }
}

/**
 * The details request that also serves the selected `employees` page, when its arguments are valid;
 * else the first page with the default size (the same request as `employees` with defaults).
 */
function detailsKeyFor(campaignNumber: string, info: GraphQLResolveInfo) {
  const args = childFieldArgs(info, 'employees') as PageAndLimitArgs | undefined;
  try {
    return args ? { campaignNumber, page: checkPage(args.page), limit: checkLimit(args.limit) } : firstPage(campaignNumber);
  } catch {
    return firstPage(campaignNumber);
  }
}

/** The first page with the default size: the same upstream request as `employees` with defaults. */
function firstPage(campaignNumber: string) {
  return { campaignNumber, page: 1, limit: DEFAULT_PAGE_SIZE };
}

async function detailsOf(campaign: Campaign, ctx: GatewayContext): Promise<CampaignDetailsPart> {
  if (campaign.details) return campaign.details;
  const loaded = await ctx.recover.campaignDetails.load(firstPage(campaign.campaignNumber));
  return loaded.campaign.details!;
}

function checkCampaignNumber(value: string): string {
  const number = value.trim();
  if (!/^\d{1,20}$/.test(number)) {
    throw badUserInput(`\`campaignNumber\` must be the campaign's digits (got "${value.slice(0, 40)}")`, [
      { path: 'campaignNumber', message: 'must be digits' },
    ]);
  }
  return number;
}
