/**
 * The Recover app's wire shapes, as the current documents publish them (api-collection.txt "Recover";
 * recover-add-employee.txt; recover-bulk-add.txt), `compain_title` included. map.ts and
 * employee-add.wire.ts translate them.
 */
export interface RawCountry {
  name: string | null;
  code: string | null;
}

export interface RawCampaignListItem {
  campaign_number: string;
  /** Sic: the list spells it `compain_title`; the details endpoint says `title`. */
  compain_title: string | null;
  /** Human date, e.g. `"Apr 28th, 2025"`. */
  start_date: string | null;
  country: RawCountry | null;
  total_device_count: number | null;
  total_employee: number | null;
}

export interface RawCampaignsPage {
  total_records: number;
  total_pages: number;
  currentPage: number;
  campaigns: RawCampaignListItem[];
}

export interface RawState {
  name: string | null;
  code: string | null;
  country_code: string | null;
}

export interface RawRecoveryItem {
  item: string | null;
  item_serial_no: string | null;
  item_asset_id: string | null;
  item_imei: string | null;
  custom_field_1: string | null;
  custom_field_2: string | null;
  /** Sent on writes; not shown in the documented read response, mapped when present. */
  is_legal_hold?: number | null;
}

export interface RawTracking {
  carrier_name: string | null;
  forward_shipping: { tracking_number: string | null; tracking_link: string | null } | null;
  return_shipping: { return_tracking_number: string | null; return_tracking_link: string | null } | null;
}

export interface RawEmployee {
  recovery_id: string;
  email: string;
  firstname: string | null;
  lastname: string | null;
  phone_country: string | null;
  phone_number: string | null;
  country: RawCountry | null;
  /** An object in the documents; tolerated as a plain string too. */
  state: RawState | string | null;
  city: string | null;
  zip: string | null;
  address_line_1: string | null;
  address_line_2: string | null;
  items: RawRecoveryItem[] | null;
  status: string | null;
  tracking: RawTracking[] | null;
  last_updated: string | null;
}

export interface RawPackage {
  device: string | null;
  qty: number | null;
  incomingWeight: number | null;
  length: number | null;
  width: number | null;
  height: number | null;
}

export interface RawReturnAddress {
  name: string | null;
  title: string | null;
  company: string | null;
  country: RawCountry | null;
  state: RawState | string | null;
  city: string | null;
  zip_code: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  packages: RawPackage[] | null;
}

export interface RawCampaignDetails {
  campaign_number: string;
  title: string | null;
  country: RawCountry | null;
  start_date: string | null;
  helpdesk_email: string | null;
  return_address: RawReturnAddress[] | null;
  employees: RawEmployee[];
  total_employees: number;
  total_pages: number;
  current_page: number;
}

/** One employee as the write endpoints take it (snake_case; `campaign_number` a JSON number). */
export interface RawEmployeeWrite {
  campaign_number: number;
  email: string;
  firstname: string;
  lastname: string;
  phone: string;
  address_line_1: string;
  address_line_2?: string;
  city: string;
  state?: string;
  zip: string;
  country: string;
  recovery_reason?: 1 | 2 | 3 | 4;
  recovery_reason_note?: string;
  items: Array<{
    item: string;
    item_serial_no?: string;
    item_asset_id?: string;
    item_imei?: string;
    custom_field_1?: string;
    custom_field_2?: string;
    is_legal_hold?: 0 | 1;
  }>;
}

export interface RawAddEmployeeResponse {
  success?: boolean;
  recovery_code?: string | number;
  message?: string;
}

export interface RawBulkAddResponse {
  recovery_codes?: Array<string | number>;
}
