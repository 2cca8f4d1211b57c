/** Raw Recover shapes -> graph objects. Pure; table-tested in test/unit/recover-map.test.ts. */
import type { Address } from '../../core/graph/address.type';
import type { Country } from '../../core/graph/country.type';
import { pageInfo, type PageInfo } from '../../core/graph/page-info.type';
import { normalizeDate, normalizeId, normalizeInt, normalizeNumber, presentOrNull } from '../../core/normalize';
import type { Campaign } from './campaign.type';
import type { Employee, RecoveryItem, Shipment, Tracking } from './employee.type';
import type {
  RawCampaignDetails,
  RawCampaignListItem,
  RawCountry,
  RawEmployee,
  RawPackage,
  RawRecoveryItem,
  RawReturnAddress,
  RawState,
  RawTracking,
} from './wire';
import type { Package, ReturnAddress } from './return-address.type';

export function mapCountry(raw: RawCountry | null | undefined): Country | null {
  const code = presentOrNull(raw?.code);
  if (!code) return null;
  return { code: code.toUpperCase(), name: presentOrNull(raw?.name) ?? code.toUpperCase() };
}

/** `Address.state` is the state's name where the upstream gives one, else its code. */
export function mapState(raw: RawState | string | null | undefined): string | null {
  if (raw === null || raw === undefined || typeof raw !== 'object') return presentOrNull(raw);
  return presentOrNull(raw.name) ?? presentOrNull(raw.code);
}

export function mapListedCampaign(raw: RawCampaignListItem): Campaign {
  return {
    campaignNumber: normalizeId(raw.campaign_number) ?? '',
    title: presentOrNull(raw.compain_title) ?? '',
    startDate: normalizeDate(raw.start_date),
    country: mapCountry(raw.country),
    knownDeviceCount: normalizeInt(raw.total_device_count),
    knownEmployeeCount: normalizeInt(raw.total_employee),
    details: null,
  };
}

export interface CampaignDetailsPage {
  campaign: Campaign;
  employees: Employee[];
  pageInfo: PageInfo;
}

export function mapCampaignDetails(raw: RawCampaignDetails, requested: { page: number; limit: number }): CampaignDetailsPage {
  const campaign: Campaign = {
    campaignNumber: normalizeId(raw.campaign_number) ?? '',
    title: presentOrNull(raw.title) ?? '',
    startDate: normalizeDate(raw.start_date),
    country: mapCountry(raw.country),
    knownDeviceCount: null,
    knownEmployeeCount: normalizeInt(raw.total_employees),
    details: {
      helpdeskEmail: presentOrNull(raw.helpdesk_email),
      returnAddresses: (raw.return_address ?? []).map(mapReturnAddress),
    },
  };
  return {
    campaign,
    employees: (raw.employees ?? []).map((employee) => mapEmployee(employee, campaign)),
    pageInfo: pageInfo(requested.page, requested.limit, raw.total_pages, raw.total_employees),
  };
}

export function mapEmployee(raw: RawEmployee, campaign: Campaign): Employee {
  return {
    recoveryId: normalizeId(raw.recovery_id) ?? '',
    email: presentOrNull(raw.email) ?? '',
    firstName: presentOrNull(raw.firstname),
    lastName: presentOrNull(raw.lastname),
    phone: presentOrNull(raw.phone_number),
    phoneCountryCode: presentOrNull(raw.phone_country),
    address: {
      line1: presentOrNull(raw.address_line_1),
      line2: presentOrNull(raw.address_line_2),
      city: presentOrNull(raw.city),
      state: mapState(raw.state),
      zip: presentOrNull(raw.zip),
      country: mapCountry(raw.country)?.code ?? null,
    },
    status: presentOrNull(raw.status),
    lastUpdated: normalizeDate(raw.last_updated),
    items: (raw.items ?? []).map(mapRecoveryItem),
    tracking: (raw.tracking ?? []).map(mapTracking),
    campaignRef: campaign,
  };
}

/** `index`: the item's place in the employee's list (0-based, as `Array.map` passes it). */
export function mapRecoveryItem(raw: RawRecoveryItem, index = 0): RecoveryItem {
  const legalHold = raw.is_legal_hold === undefined || raw.is_legal_hold === null ? null : Number(raw.is_legal_hold) === 1;
  return {
    position: index + 1,
    name: presentOrNull(raw.item) ?? '',
    serialNumber: presentOrNull(raw.item_serial_no),
    assetId: presentOrNull(raw.item_asset_id),
    imei: presentOrNull(raw.item_imei),
    customField1: presentOrNull(raw.custom_field_1),
    customField2: presentOrNull(raw.custom_field_2),
    legalHold,
  };
}

/** `index`: the record's place in the employee's list (0-based, as `Array.map` passes it). */
export function mapTracking(raw: RawTracking, index = 0): Tracking {
  return {
    position: index + 1,
    carrier: presentOrNull(raw.carrier_name),
    outbound: shipment(raw.forward_shipping?.tracking_number, raw.forward_shipping?.tracking_link),
    return: shipment(raw.return_shipping?.return_tracking_number, raw.return_shipping?.return_tracking_link),
  };
}

/** A leg with neither number nor link has not shipped: null rather than an empty object. */
function shipment(number: unknown, link: unknown): Shipment | null {
  const trackingNumber = presentOrNull(number);
  const trackingUrl = presentOrNull(link);
  return trackingNumber || trackingUrl ? { trackingNumber, trackingUrl } : null;
}

export function mapReturnAddress(raw: RawReturnAddress): ReturnAddress {
  const address: Address = {
    line1: presentOrNull(raw.address),
    line2: null,
    city: presentOrNull(raw.city),
    state: mapState(raw.state),
    zip: presentOrNull(raw.zip_code),
    country: mapCountry(raw.country)?.code ?? null,
  };
  return {
    name: presentOrNull(raw.name),
    title: presentOrNull(raw.title),
    company: presentOrNull(raw.company),
    address,
    phone: presentOrNull(raw.phone),
    email: presentOrNull(raw.email),
    packages: (raw.packages ?? []).map(mapPackage),
  };
}

export function mapPackage(raw: RawPackage): Package {
  return {
    device: presentOrNull(raw.device) ?? '',
    quantity: normalizeInt(raw.qty) ?? 0,
    weight: normalizeNumber(raw.incomingWeight),
    length: normalizeNumber(raw.length),
    width: normalizeNumber(raw.width),
    height: normalizeNumber(raw.height),
  };
}
