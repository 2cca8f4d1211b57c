/**
 * The documented endpoints of the Unduit API, answered from the seeded companies. Each handler gets
 * the parsed request and returns a status and a JSON body; server.ts does HTTP, auth and faults.
 */
import type { SimCampaign, SimCompany, SimEmployee, SimItem } from './model';
import type { TokenIssuer } from './tokens';
import { assetWire, campaignListWire, employeeWire, returnAddressWire, userWire } from './wire';
import { checkAddBody, checkBulkBody } from './write-rules';

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  company: SimCompany | null;
}

export interface SimResponse {
  status: number;
  body: unknown;
}

const ok = (body: unknown): SimResponse => ({ status: 200, body });
const fail = (status: number, message: string, extra: Record<string, unknown> = {}): SimResponse => ({ status, body: { message, ...extra } });

export class SimulatorRoutes {
  private recoverySequence = 900_000_000_000_000;

  constructor(
    private readonly companies: SimCompany[],
    private readonly tokens: TokenIssuer,
  ) {}

  /** Login and refresh need no bearer token; every other route does. */
  isPublic(method: string, path: string): boolean {
    return method === 'POST' && (path === '/auth/login' || path === '/refresh-token');
  }

  handle(request: SimRequest): SimResponse {
    const { method, path } = request;
    if (method === 'POST' && path === '/auth/login') return this.login(request.body);
    if (method === 'POST' && path === '/refresh-token') return this.refresh(request.body);
    const company = request.company!;
    if (method === 'GET' && path === '/users') return this.users(company, request.query);
    if (method === 'GET' && path === '/assets') return this.assets(company, request.query);
    if (method === 'GET' && path === '/recover/campaigns') return this.campaigns(company, request.query);
    const details = /^\/recover\/employees\/details\/([^/]+)$/.exec(path);
    if (method === 'GET' && details) return this.campaignDetails(company, decodeURIComponent(details[1]), request.query);
    if (method === 'POST' && path === '/recover/campaign/employee/add') return this.addEmployee(company, request.body);
    if (method === 'POST' && path === '/recover/campaign/employee/bulk-add') return this.bulkAdd(company, request.body);
    return fail(404, 'Not found');
  }

  private login(body: Record<string, unknown>): SimResponse {
    for (const company of this.companies) {
      const login = company.logins.find((entry) => entry.email === body.email && entry.password === body.password);
      if (login) {
        return ok({ message: 'Login successful', token: this.tokens.issue({ id: 2, email: login.email, company_id: company.id }) });
      }
    }
    return fail(401, 'Invalid email or password');
  }

  private refresh(body: Record<string, unknown>): SimResponse {
    const claims = typeof body.refresh_token === 'string' ? this.tokens.verify(body.refresh_token) : null;
    if (!claims) return fail(401, 'Invalid token');
    return ok({ message: 'Token has been refreshed successfully.', token: this.tokens.issue(claims) });
  }

  private users(company: SimCompany, query: URLSearchParams): SimResponse {
    const page = positive(query.get('page'), 1);
    if (page === null) return fail(400, 'The page must be a positive number.');
    const email = query.get('email')?.trim().toLowerCase();
    const matching = email ? company.users.filter((user) => user.email.toLowerCase().includes(email)) : company.users;
    const slice = paginate(matching, page, 10);
    return ok({
      totalUsers: matching.length,
      totalPages: slice.totalPages,
      currentPage: page,
      users: slice.items.map((user) => userWire(user, company.assets)),
    });
  }

  private assets(company: SimCompany, query: URLSearchParams): SimResponse {
    const page = positive(query.get('page'), 1);
    if (page === null) return fail(400, 'The page must be a positive number.');
    const serial = query.get('serialNumber')?.trim();
    const assetId = query.get('assetId')?.trim();
    const matching = company.assets.filter(
      (asset) => (!serial || asset.serialNumber === serial) && (!assetId || asset.assetId === assetId),
    );
    const usersByEmail = new Map(company.users.map((user) => [user.email, user]));
    const slice = paginate(matching, page, 10);
    return ok({
      currentPage: page,
      totalPages: slice.totalPages,
      totalItems: matching.length,
      assets: slice.items.map((asset) => assetWire(asset, usersByEmail)),
    });
  }

  private campaigns(company: SimCompany, query: URLSearchParams): SimResponse {
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

  private campaignDetails(company: SimCompany, number: string, query: URLSearchParams): SimResponse {
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

  private addEmployee(company: SimCompany, body: Record<string, unknown>): SimResponse {
    const errors = checkAddBody(body);
    if (Object.keys(errors).length) return fail(422, 'The given data was invalid.', { errors });
    const campaign = findCampaign(company, body.campaign_number);
    if (!campaign) return fail(404, 'Campaign not found');
    if (isEnrolled(campaign, body.email)) return fail(409, 'Employee already exists in this campaign');
    const employee = this.newEmployee(body);
    enroll(campaign, [employee]);
    return ok({ success: true, recovery_code: employee.recoveryId, message: 'Employee added successfully' });
  }

  private bulkAdd(company: SimCompany, body: Record<string, unknown>): SimResponse {
    const errors = checkBulkBody(body);
    if (Object.keys(errors).length) return fail(422, 'The given data was invalid.', { errors });
    const campaign = findCampaign(company, body.campaign_number);
    if (!campaign) return fail(404, 'Campaign not found');
    const users = body.users as Array<Record<string, unknown>>;
    const emails = users.map((user) => String(user.email).toLowerCase());
    const clash = users.find((user, index) => isEnrolled(campaign, user.email) || emails.indexOf(emails[index]) !== index);
    if (clash) return fail(409, `Employee ${String(clash.email)} already exists in this campaign`);
    const added = users.map((user) => this.newEmployee(user));
    enroll(campaign, added);
    return ok({ recovery_codes: added.map((employee) => employee.recoveryId) });
  }

  private newEmployee(body: Record<string, unknown>): SimEmployee {
    const text = (value: unknown) => (value === undefined || value === null ? null : String(value));
    this.recoverySequence += 1;
    return {
      recoveryId: String(this.recoverySequence),
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

function positive(raw: string | null, fallback: number): number | null {
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  return Number.isInteger(value) && value >= 1 ? value : null;
}

function paginate<T>(items: T[], page: number, limit: number): { items: T[]; totalPages: number } {
  return { items: items.slice((page - 1) * limit, page * limit), totalPages: Math.ceil(items.length / limit) };
}
