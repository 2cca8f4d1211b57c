/** Seeded campaigns whose employees are real users returning their real assets. */
import type { CompanyPlan } from '../../companies';
import { CAMPAIGN_TITLES, RECOVERY_STATUSES } from '../../fixtures';
import type { SimAsset, SimCampaign, SimEmployee, SimItem, SimUser } from '../../model';
import type { SeededRandom } from '../../random';

/** The campaign number of the documents' example requests, so they work against the simulator. */
export const DOCUMENTED_CAMPAIGN = '17449821332893';

export function seedCampaigns(plan: CompanyPlan, users: SimUser[], assets: SimAsset[], random: SeededRandom): SimCampaign[] {
  const holding = new Set(assets.map((asset) => asset.holderEmail));
  const holders = users.filter((user) => holding.has(user.email));
  const campaigns: SimCampaign[] = [];
  for (let n = 0; n < plan.campaigns; n += 1) {
    const country = random.pick(plan.countries);
    const inCountry = holders.filter((user) => user.country === country);
    // The first campaign is large enough to need several pages of employees.
    const pool = n === 0 || inCountry.length < 5 ? holders : inCountry;
    const size = Math.min(pool.length, n === 0 ? 57 * plan.scale : random.int(3, 14));
    const chosen = shuffle(pool, random).slice(0, size);
    const startDate = new Date(Date.UTC(2023 + (n % 3), random.int(0, 11), random.int(1, 28)));
    campaigns.push({
      number:
        plan.documentedUsers && n === 0
          ? DOCUMENTED_CAMPAIGN
          : `174${String(plan.id).padStart(4, '0')}${String(n).padStart(3, '0')}${random.digits(4)}`,
      title: CAMPAIGN_TITLES[(n + plan.id) % CAMPAIGN_TITLES.length],
      startDate,
      country,
      helpdeskEmail: random.chance(0.5) ? `helpdesk@${plan.domain}` : null,
      employees: chosen.map((user, index) => seedEmployee(plan, campaigns.length, index, user, assets, startDate, random)),
    });
  }
  // After the seeded ones and without a random draw, so the others stay as they were; the oldest, so listed last.
  if (plan.emptyCampaign) {
    campaigns.push({
      number: `174${String(plan.id).padStart(4, '0')}9990000`,
      title: 'Laptop refresh (not started)',
      startDate: new Date(Date.UTC(2022, 0, 3)),
      country: plan.countries[0],
      helpdeskEmail: null,
      employees: [],
    });
  }
  return campaigns.sort((a, b) => b.startDate.getTime() - a.startDate.getTime());
}

function seedEmployee(
  plan: CompanyPlan,
  campaignIndex: number,
  index: number,
  user: SimUser,
  assets: SimAsset[],
  startDate: Date,
  random: SeededRandom,
): SimEmployee {
  const held = assets.filter((asset) => asset.holderEmail === user.email).slice(0, 4);
  const items: SimItem[] = held.map((asset) => ({
    item: asset.modelName,
    // Some items are listed by serial number only, as customers often do.
    item_serial_no: asset.serialNumber,
    item_asset_id: random.chance(0.8) ? asset.assetId : null,
    item_imei: asset.imei || null,
    custom_field_1: random.chance(0.3) ? `${startDate.getUTCFullYear()}-issue` : null,
    custom_field_2: null,
  }));
  if (random.chance(0.25))
    items.push({
      item: 'Power adapter',
      item_serial_no: null,
      item_asset_id: null,
      item_imei: null,
      custom_field_1: null,
      custom_field_2: null,
    });
  const status = random.pick(RECOVERY_STATUSES);
  const shippedOut = status !== 'Order Received';
  const shippedBack = status === 'Device Received' || status === 'Completed';
  return {
    recoveryId: `${plan.id}${String(campaignIndex).padStart(3, '0')}${String(index).padStart(4, '0')}${random.digits(5)}`,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    phoneCountry: user.country,
    phone: user.phone,
    country: user.country,
    state: user.state?.code ?? null,
    city: user.city,
    zip: user.zip,
    address1: user.address1,
    address2: user.address2 || null,
    items,
    status,
    shipped: {
      forward: shippedOut ? `1Z${random.alphanumeric(16)}` : null,
      back: shippedBack ? `1Z${random.alphanumeric(16)}` : null,
    },
    lastUpdated: new Date(startDate.getTime() + random.int(1, 60) * 86_400_000),
    recoveryReason: random.pick([1, 2, 3, null]),
    recoveryReasonNote: null,
  };
}

function shuffle<T>(items: readonly T[], random: SeededRandom): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = random.int(0, i);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
