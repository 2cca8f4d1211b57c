/**
 * The Recover endpoints: the campaign list, a campaign's details with a page of its employees, and the
 * current add / bulk-add pages (recover-add-employee.txt, recover-bulk-add.txt): 422 on invalid rows,
 * 404 on an unknown campaign, 409 on an employee already in it.
 */
import type { SimCampaign, SimCompany, SimEmployee, SimItem } from '../../model';
import { fail, ok, paginate, positive, type Route, type SimResponse } from '../../routes';
import { campaignListWire, employeeWire, returnAddressWire } from './wire';
import { checkAddBody, checkBulkBody } from './write-rules';

export function recoverRoutes(): Route[] {
  let recoverySequence = 900_000_000_000_000;
  const nextRecoveryId = () => String((recoverySequence += 1));

  return [
    { method: 'GET', path: '/recover/campaigns', handle: ({ company, query }) => campaigns(company!, query) },
    {
      method: 'GET',
      path: '/recover/employees/details/:campaign_number',
      handle: ({ company, query, params }) => campaignDetails(company!, params.campaign_number, query),
    },
    {
      method: 'POST',
      path: '/recover/campaign/employee/add',
      handle: ({ company, body }) => addEmployee(company!, body, nextRecoveryId),
    },
    {
      method: 'POST',
      path: '/recover/campaign/employee/bulk-add',
      handle: ({ company, body }) => bulkAdd(company!, body, nextRecoveryId),
    },
  ];
}

function campaigns(company: SimCompany, query: URLSearchParams): SimResponse {
  const page = positive(query.get('page'), 1);
  const limit = positive(query.get('limit'), 10);
  if (page === null || limit === null) return fail(400, 'The page and limit must be positive numbers.');
  const slice = paginate(company.campaigns, page, limit);
  return ok({
    total_records: company.campaigns.length,
    total_pages: slice.totalPages,
    currentPage: page,
    campaigns: slice.items.map(campaignListWire),
  });
}

function campaignDetails(company: SimCompany, number: string, query: URLSearchParams): SimResponse {
  const campaign = company.campaigns.find((entry) => entry.number === number);
  if (!campaign) return fail(404, 'Campaign not found');
  const page = positive(query.get('page'), 1);
  const limit = positive(query.get('limit'), 10);
  if (page === null || limit === null) return fail(400, 'The page and limit must be positive numbers.');
  const slice = paginate(campaign.employees, page, limit);
  const { country, start_date } = campaignListWire(campaign);
  return ok({
    campaign_number: campaign.number,
    title: campaign.title,
    country,
    start_date,
    helpdesk_email: campaign.helpdeskEmail,
    return_address: [returnAddressWire(company, campaign)],
    employees: slice.items.map(employeeWire),
    total_employees: campaign.employees.length,
    total_pages: slice.totalPages,
    current_page: page,
  });
}

function addEmployee(company: SimCompany, body: Record<string, unknown>, nextRecoveryId: () => string): SimResponse {
  const errors = checkAddBody(body);
  if (Object.keys(errors).length) return fail(422, 'The given data was invalid.', { errors });
  const campaign = findCampaign(company, body.campaign_number);
  if (!campaign) return fail(404, 'Campaign not found');
  if (isEnrolled(campaign, body.email)) return fail(409, 'Employee already exists in this campaign');
  const employee = newEmployee(body, nextRecoveryId());
  enroll(campaign, [employee]);
  return ok({ success: true, recovery_code: employee.recoveryId, message: 'Employee added successfully' });
}

function bulkAdd(company: SimCompany, body: Record<string, unknown>, nextRecoveryId: () => string): SimResponse {
  const errors = checkBulkBody(body);
  if (Object.keys(errors).length) return fail(422, 'The given data was invalid.', { errors });
  const campaign = findCampaign(company, body.campaign_number);
  if (!campaign) return fail(404, 'Campaign not found');
  const users = body.users as Array<Record<string, unknown>>;
  const emails = users.map((user) => String(user.email).toLowerCase());
  const clash = users.find((user, index) => isEnrolled(campaign, user.email) || emails.indexOf(emails[index]) !== index);
  if (clash) return fail(409, `Employee ${String(clash.email)} already exists in this campaign`);
  const added = users.map((user) => newEmployee(user, nextRecoveryId()));
  enroll(campaign, added);
  return ok({ recovery_codes: added.map((employee) => employee.recoveryId) });
}

function newEmployee(body: Record<string, unknown>, recoveryId: string): SimEmployee {
  const text = (value: unknown) => (value === undefined || value === null ? null : String(value));
  return {
    recoveryId,
    email: String(body.email),
    firstName: String(body.firstname),
    lastName: String(body.lastname),
    phoneCountry: String(body.country).toUpperCase(),
    phone: String(body.phone),
    country: String(body.country).toUpperCase(),
    state: text(body.state),
    city: String(body.city),
    zip: String(body.zip),
    address1: String(body.address_line_1),
    address2: text(body.address_line_2),
    items: (body.items as SimItem[]).map((item) => ({
      item: String(item.item),
      item_serial_no: text(item.item_serial_no),
      item_asset_id: text(item.item_asset_id),
      item_imei: text(item.item_imei),
      custom_field_1: text(item.custom_field_1),
      custom_field_2: text(item.custom_field_2),
      is_legal_hold: Number(item.is_legal_hold) === 1 ? 1 : 0,
    })),
    status: 'Order Received',
    shipped: { forward: null, back: null },
    lastUpdated: new Date(),
    recoveryReason: body.recovery_reason === undefined ? null : Number(body.recovery_reason),
    recoveryReasonNote: text(body.recovery_reason_note),
  };
}

function findCampaign(company: SimCompany, number: unknown): SimCampaign | undefined {
  return company.campaigns.find((campaign) => campaign.number === String(number));
}

/** Emails per campaign, so a benchmark adding thousands of employees stays linear. */
const enrolledIndex = new WeakMap<SimCampaign, { size: number; emails: Set<string> }>();

function emailIndex(campaign: SimCampaign) {
  let index = enrolledIndex.get(campaign);
  if (!index || index.size !== campaign.employees.length) {
    index = { size: campaign.employees.length, emails: new Set(campaign.employees.map((employee) => employee.email.toLowerCase())) };
    enrolledIndex.set(campaign, index);
  }
  return index;
}

function isEnrolled(campaign: SimCampaign, email: unknown): boolean {
  return emailIndex(campaign).emails.has(String(email).toLowerCase());
}

function enroll(campaign: SimCampaign, added: SimEmployee[]): void {
  const index = emailIndex(campaign);
  campaign.employees.push(...added);
  for (const employee of added) index.emails.add(employee.email.toLowerCase());
  index.size = campaign.employees.length;
}
