/**
 * The floor: a plain script issuing exactly the REST requests a report needs, dependent levels in
 * sequence, independent ones in parallel, with no GraphQL, no mapping, no framework. Served over
 * HTTP so the load generator drives it exactly as it drives the gateway.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';

const { values } = parseArgs({ options: { upstream: { type: 'string' } } });
const upstream = new URL(values.upstream!);
// The gateway's HTTP client (core/http/upstream-client.ts), so the two are compared on the same footing.
const pool = new Pool(upstream.origin, { connections: 256 });
let token = '';

async function get<T>(pathAndQuery: string): Promise<T> {
  const response = await pool.request({
    method: 'GET',
    path: upstream.pathname.replace(/\/+$/, '') + pathAndQuery,
    headers: { authorization: `Bearer ${token}` },
  });
  if (response.statusCode !== 200) throw new Error(`${response.statusCode} ${pathAndQuery}`);
  return (await response.body.json()) as T;
}

interface Item {
  item_asset_id: string | null;
  item_serial_no: string | null;
}
interface Details {
  employees: Array<{ email: string; items: Item[] }>;
}
interface CampaignList {
  total_pages: number;
  campaigns: Array<{ campaign_number: string }>;
}
interface AssetsPage {
  assets: Array<{ AssignedUser: { email: string } | null }>;
}
interface ListPage {
  totalPages: number;
}
interface UsersPage extends ListPage {
  users: Array<{ AssignedAssets?: Array<{ assetId: string; serialNumber: string }> }>;
}

/** Campaign details (every employee) and its list entry, then every user and item asset at once. */
async function recoveryReport(campaign: string): Promise<void> {
  const findInList = async () => {
    for (let page = 1; ; page += 1) {
      const list = await get<CampaignList>(`/recover/campaigns?limit=10&page=${page}`);
      if (list.campaigns.some((entry) => entry.campaign_number === campaign) || page >= list.total_pages) return;
    }
  };
  const [details] = await Promise.all([get<Details>(`/recover/employees/details/${campaign}?limit=100&page=1`), findInList()]);
  const emails = new Set(details.employees.map((employee) => employee.email.toLowerCase()));
  const items = details.employees.flatMap((employee) => employee.items);
  const ids = new Set(items.flatMap((item) => (item.item_asset_id ? [item.item_asset_id] : [])));
  const serials = new Set(items.flatMap((item) => (!item.item_asset_id && item.item_serial_no ? [item.item_serial_no] : [])));
  const [, assets] = await Promise.all([
    Promise.all([...emails].map((email) => get(`/users?email=${encodeURIComponent(email)}&page=1`))),
    Promise.all([
      ...[...ids].map((id) => get<AssetsPage>(`/assets?assetId=${encodeURIComponent(id)}&page=1`)),
      ...[...serials].map((serial) => get<AssetsPage>(`/assets?page=1&serialNumber=${encodeURIComponent(serial)}`)),
    ]),
  ]);
  // Holders who are not employees of the campaign (usually none) are one more level.
  const holders = new Set(
    assets.flatMap((page) => page.assets.flatMap((asset) => (asset.AssignedUser ? [asset.AssignedUser.email.toLowerCase()] : []))),
  );
  await Promise.all(
    [...holders].filter((email) => !emails.has(email)).map((email) => get(`/users?email=${encodeURIComponent(email)}&page=1`)),
  );
}

/** Five asset pages at once, then every distinct holder at once. */
async function inventoryReport(): Promise<void> {
  const pages = await Promise.all([1, 2, 3, 4, 5].map((page) => get<AssetsPage>(`/assets?page=${page}`)));
  const holders = new Set(
    pages.flatMap((page) => page.assets.flatMap((asset) => (asset.AssignedUser ? [asset.AssignedUser.email.toLowerCase()] : []))),
  );
  await Promise.all([...holders].map((email) => get(`/users?email=${encodeURIComponent(email)}&page=1`)));
}

/**
 * Every employee of every campaign with users, assets and holders, as cheaply as the data allows: the
 * list, every campaign's details at once, then every page of the users list at once (more employees
 * than pages); users embed the assets they hold, so only the items' assets no user holds are left:
 * looked up one by one, or the assets list scanned if they outnumber its pages.
 */
async function allCampaignsReport(): Promise<void> {
  const list = await get<CampaignList>('/recover/campaigns?limit=100&page=1');
  const details = await Promise.all(
    list.campaigns.map((campaign) => get<Details>(`/recover/employees/details/${campaign.campaign_number}?limit=100&page=1`)),
  );
  const firstUsers = await get<UsersPage>('/users?page=1');
  const users = [
    firstUsers,
    ...(await Promise.all(
      Array.from({ length: Math.max(0, firstUsers.totalPages - 1) }, (_, i) => get<UsersPage>(`/users?page=${i + 2}`)),
    )),
  ];
  const held = new Set(
    users.flatMap((page) =>
      page.users.flatMap((user) => (user.AssignedAssets ?? []).flatMap((asset) => [asset.assetId, asset.serialNumber])),
    ),
  );
  const items = details.flatMap((page) => page.employees.flatMap((employee) => employee.items));
  const ids = new Set(items.flatMap((item) => (item.item_asset_id && !held.has(item.item_asset_id) ? [item.item_asset_id] : [])));
  const serials = new Set(
    items.flatMap((item) => (!item.item_asset_id && item.item_serial_no && !held.has(item.item_serial_no) ? [item.item_serial_no] : [])),
  );
  const firstAssets = ids.size + serials.size ? await get<ListPage>('/assets?page=1') : undefined;
  if (firstAssets && ids.size + serials.size > firstAssets.totalPages) {
    await Promise.all(Array.from({ length: firstAssets.totalPages - 1 }, (_, i) => get(`/assets?page=${i + 2}`)));
  } else {
    await Promise.all([
      ...[...ids].map((id) => get(`/assets?assetId=${encodeURIComponent(id)}&page=1`)),
      ...[...serials].map((serial) => get(`/assets?page=1&serialNumber=${encodeURIComponent(serial)}`)),
    ]);
  }
}

/** Five asset pages at once: the holders' names come with them. */
async function inventoryWithHolders(): Promise<void> {
  await Promise.all([1, 2, 3, 4, 5].map((page) => get(`/assets?page=${page}`)));
}

const ROUTES: Record<string, (url: URL) => Promise<void>> = {
  '/recovery-report': (url) => recoveryReport(url.searchParams.get('campaign') ?? ''),
  '/inventory-report': () => inventoryReport(),
  '/all-campaigns-report': () => allCampaignsReport(),
  '/inventory-with-holders': () => inventoryWithHolders(),
};

async function main(): Promise<void> {
  const login = await fetch(`${upstream.href.replace(/\/+$/, '')}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'jane.smith@example.com', password: 'password' }),
  });
  token = ((await login.json()) as { token: string }).token;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://floor');
    const work = (ROUTES[url.pathname] ?? ROUTES['/inventory-report'])(url);
    work.then(
      () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'),
      (error: Error) => res.writeHead(502).end(error.message),
    );
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`floor ready at http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
  });
  process.once('SIGTERM', () => process.exit(0));
}

void main();
