/** The simulator's stored records: one company's data, held the way a backend would, not the wire shape. */
import type { CountryCode } from './fixtures';

export interface SimUser {
  firstName: string;
  lastName: string;
  email: string;
  country: CountryCode;
  phone: string;
  state: { name: string; code: string } | null;
  city: string;
  zip: string;
  address1: string;
  address2: string;
  locationName: string | null;
  locationType: string;
}

export interface SimAsset {
  assetId: string;
  modelName: string;
  modelNumber: string;
  productType: string;
  purchaseDate: string;
  serialNumber: string;
  imei: string;
  imei2: string;
  sku: string;
  status: string;
  holderEmail: string | null;
}

export interface SimItem {
  item: string;
  item_serial_no: string | null;
  item_asset_id: string | null;
  item_imei: string | null;
  custom_field_1: string | null;
  custom_field_2: string | null;
  is_legal_hold?: number;
}

export interface SimEmployee {
  recoveryId: string;
  email: string;
  firstName: string;
  lastName: string;
  phoneCountry: string;
  phone: string;
  country: string;
  state: string | null;
  city: string;
  zip: string;
  address1: string;
  address2: string | null;
  items: SimItem[];
  status: string;
  shipped: { forward: string | null; back: string | null };
  lastUpdated: Date;
  recoveryReason: number | null;
  recoveryReasonNote: string | null;
}

export interface SimCampaign {
  number: string;
  title: string;
  startDate: Date;
  country: CountryCode;
  helpdeskEmail: string | null;
  employees: SimEmployee[];
}

export interface SimCompany {
  id: number;
  name: string;
  domain: string;
  logins: Array<{ email: string; password: string }>;
  users: SimUser[];
  assets: SimAsset[];
  campaigns: SimCampaign[];
}
