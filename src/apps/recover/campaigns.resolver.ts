import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { nullIfNotFound, upstreamContractBroken } from '../../core/errors';
import { childFieldArgs } from '../../core/graph/lookahead';
import { ConnectionArgs, connectionOf, pageAt, startOf } from '../../core/graph/connection';
import { MAX_PAGE_SIZE, PageAndLimitArgs, pageAndLimit, validPageAndLimit } from '../../core/graph/page-args';
import { pageInfo } from '../../core/graph/page-info.type';
import { UpstreamCost } from '../../core/graph/query-cost';
import { CampaignArgs } from './campaign.args';
import { Campaign, CampaignConnection, CampaignPage, type CampaignDetailsPart } from './campaign.type';
import { EmployeeConnection, EmployeePage } from './employee.type';
import { firstDetailsPage, type DetailsKey } from './loaders';
import { mapListedCampaign } from './map';
import { campaignsEndpoint, fetchCampaignsPage } from './rest';
import { ReturnAddress } from './return-address.type';

/** A campaign from the list needs its details for these (one request for all of them): free when it came from the details. */
const DETAILS = { calls: 1, group: 'details' } as const;

@Resolver(() => Campaign)
export class CampaignsResolver {
  @Query(() => CampaignPage, { description: "A page of the company's recovery campaigns." })
  @UpstreamCost({ calls: 1, items: 'limit' })
  async campaigns(@Ctx() ctx: GatewayContext, @Args(() => PageAndLimitArgs) args: PageAndLimitArgs): Promise<CampaignPage> {
    const { page, limit } = pageAndLimit(args);
    const raw = await fetchCampaignsPage(ctx.upstream, { page, limit });
    const items = ctx.loaders.recover.primeListed(raw.campaigns.map(mapListedCampaign));
    return { items, pageInfo: pageInfo(page, limit, raw.total_pages, raw.total_records) };
  }

  @Query(() => CampaignConnection, {
    description: "The company's recovery campaigns as a connection (`first` up to 1,000, `after` a cursor).",
  })
  @UpstreamCost({ items: 'first', pageSize: MAX_PAGE_SIZE })
  campaignsConnection(@Ctx() ctx: GatewayContext, @Args(() => ConnectionArgs) args: ConnectionArgs): Promise<CampaignConnection> {
    return connectionOf('campaigns', args, MAX_PAGE_SIZE, async (page) => {
      const raw = await fetchCampaignsPage(ctx.upstream, { page, limit: MAX_PAGE_SIZE });
      return { items: ctx.loaders.recover.primeListed(raw.campaigns.map(mapListedCampaign)), totalCount: Number(raw.total_records) || 0 };
    });
  }

  @Query(() => Campaign, { nullable: true, description: 'One campaign by its number; null when the upstream has none.' })
  @UpstreamCost({ calls: 1 })
  async campaign(
    @Ctx() ctx: GatewayContext,
    @Args(() => CampaignArgs) { campaignNumber }: CampaignArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Campaign | null> {
    const details = await nullIfNotFound(ctx.loaders.recover.campaignDetails.load(detailsKeyFor(campaignNumber, info)));
    return details?.campaign ?? null;
  }

  @FieldResolver(() => Int, { description: 'Number of devices to recover in this campaign.' })
  @UpstreamCost({ lookup: 'campaigns' })
  async totalDeviceCount(@Root() campaign: Campaign, @Ctx() ctx: GatewayContext): Promise<number> {
    if (campaign.knownDeviceCount !== null) return campaign.knownDeviceCount;
    // Only the campaign list carries this count; find the campaign there.
    const listed = await ctx.loaders.recover.listedCampaign.load(campaign.campaignNumber);
    if (listed?.knownDeviceCount == null) {
      throw upstreamContractBroken(campaignsEndpoint.name, `lists no device count for campaign ${campaign.campaignNumber}`);
    }
    return listed.knownDeviceCount;
  }

  @FieldResolver(() => Int, { description: 'Number of employees in this campaign.' })
  @UpstreamCost(DETAILS)
  async totalEmployeeCount(@Root() campaign: Campaign, @Ctx() ctx: GatewayContext): Promise<number> {
    if (campaign.knownEmployeeCount !== null) return campaign.knownEmployeeCount;
    const details = await ctx.loaders.recover.campaignDetails.load(firstDetailsPage(campaign.campaignNumber));
    return details.pageInfo.totalCount;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Email of the helpdesk employees can write to.' })
  @UpstreamCost(DETAILS)
  async helpdeskEmail(@Root() campaign: Campaign, @Ctx() ctx: GatewayContext): Promise<string | null> {
    return (await detailsOf(campaign, ctx)).helpdeskEmail;
  }

  @FieldResolver(() => [ReturnAddress], { description: 'Where devices of this campaign are returned to.' })
  @UpstreamCost({ ...DETAILS, items: 3 })
  async returnAddresses(@Root() campaign: Campaign, @Ctx() ctx: GatewayContext): Promise<ReturnAddress[]> {
    return (await detailsOf(campaign, ctx)).returnAddresses;
  }

  @FieldResolver(() => EmployeeConnection, {
    description: 'The employees in this campaign as a connection (`first` up to 1,000, `after` a cursor).',
  })
  @UpstreamCost({ items: 'first', pageSize: MAX_PAGE_SIZE })
  employeesConnection(
    @Root() campaign: Campaign,
    @Ctx() ctx: GatewayContext,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
  ): Promise<EmployeeConnection> {
    // A cursor belongs to one campaign's list: another campaign's is refused.
    return connectionOf(`employees-${campaign.campaignNumber}`, args, MAX_PAGE_SIZE, async (page) => {
      const details = await ctx.loaders.recover.campaignDetails.load({
        campaignNumber: campaign.campaignNumber,
        page,
        limit: MAX_PAGE_SIZE,
      });
      return { items: details.employees, totalCount: details.pageInfo.totalCount };
    });
  }

  @FieldResolver(() => EmployeePage, { description: 'A page of the employees in this campaign.' })
  @UpstreamCost({ calls: 1, items: 'limit' })
  async employees(
    @Root() campaign: Campaign,
    @Ctx() ctx: GatewayContext,
    @Args(() => PageAndLimitArgs) args: PageAndLimitArgs,
  ): Promise<EmployeePage> {
    const details = await ctx.loaders.recover.campaignDetails.load({ campaignNumber: campaign.campaignNumber, ...pageAndLimit(args) });
    return { items: details.employees, pageInfo: details.pageInfo };
  }
}

/**
 * The details request that also serves the selected `employees` page, when its arguments are valid;
 * else, when `employeesConnection` is selected, the page that connection starts with (so it is not
 * read twice); else the first page with the default size (the same request as `employees` with
 * defaults).
 */
function detailsKeyFor(campaignNumber: string, info: GraphQLResolveInfo): DetailsKey {
  const args = childFieldArgs(info, 'employees');
  const page = args && validPageAndLimit(args);
  if (page) return { campaignNumber, ...page };
  const connection = childFieldArgs(info, 'employeesConnection');
  if (connection) {
    try {
      const start = startOf(`employees-${campaignNumber}`, connection.after as string | null | undefined);
      return { campaignNumber, page: pageAt(start, MAX_PAGE_SIZE), limit: MAX_PAGE_SIZE };
    } catch {
      // A cursor the connection will refuse: it says so itself; the campaign reads its default page.
    }
  }
  return firstDetailsPage(campaignNumber);
}

async function detailsOf(campaign: Campaign, ctx: GatewayContext): Promise<CampaignDetailsPart> {
  if (campaign.details) return campaign.details;
  const loaded = await ctx.loaders.recover.campaignDetails.load(firstDetailsPage(campaign.campaignNumber));
  return loaded.campaign.details!;
}
