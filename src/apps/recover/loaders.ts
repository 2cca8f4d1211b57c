/**
 * Per-request loaders of campaigns. Invariant: one details request per (campaign, page, limit) in a
 * request; a campaign's list entry is looked up by scanning list pages only when a field that only
 * the list carries (the device count) is asked of a campaign that came from the details endpoint.
 */
import DataLoader from 'dataloader';
import { DEFAULT_PAGE_SIZE } from '../../core/graph/page-args';
import type { UpstreamTransport } from '../../core/upstream/session';
import { perKeyLoader, type LoaderOptions } from '../../core/loaders/per-key-loader';
import type { Campaign } from './campaign.type';
import { mapCampaignDetails, mapListedCampaign, type CampaignDetailsPage } from './map';
import { fetchCampaignDetails, fetchCampaignsPage } from './rest';

export interface DetailsKey {
  campaignNumber: string;
  page: number;
  limit: number;
}

export type RecoverLoaders = ReturnType<typeof createRecoverLoaders>;

/** The first page with the default size: the same upstream request as `employees` with defaults. */
export function firstDetailsPage(campaignNumber: string): DetailsKey {
  return { campaignNumber, page: 1, limit: DEFAULT_PAGE_SIZE };
}

export function createRecoverLoaders(upstream: UpstreamTransport, options: LoaderOptions) {
  const campaignDetails = perKeyLoader<DetailsKey, CampaignDetailsPage>(
    async (key) => mapCampaignDetails(await fetchCampaignDetails(upstream, key), key),
    { ...options, cacheKeyFn: (key) => `${key.campaignNumber}|${key.page}|${key.limit}` },
  );

  const listedCampaign = new DataLoader<string, Campaign | null, string>(
    async (numbers) => {
      const found = await scanCampaignList(new Set(numbers));
      return numbers.map((number) => found.get(number) ?? null);
    },
    { cache: options.cache },
  );

  /** Walks the list a page at a time (the same URLs as `campaigns(page)`), stopping once all are found. */
  async function scanCampaignList(wanted: Set<string>): Promise<Map<string, Campaign>> {
    const found = new Map<string, Campaign>();
    for (let page = 1; ; page += 1) {
      const raw = await fetchCampaignsPage(upstream, { page, limit: DEFAULT_PAGE_SIZE });
      for (const campaign of primeListed(raw.campaigns.map(mapListedCampaign))) {
        if (wanted.has(campaign.campaignNumber)) found.set(campaign.campaignNumber, campaign);
      }
      if (found.size === wanted.size || page >= Number(raw.total_pages) || !raw.campaigns.length) return found;
    }
  }

  function primeListed(campaigns: Campaign[]): Campaign[] {
    for (const campaign of campaigns) listedCampaign.prime(campaign.campaignNumber, campaign);
    return campaigns;
  }

  return { campaignDetails, listedCampaign, primeListed };
}
