/**
 * The bundled explorer in a real browser: Debian's chromium (`.ci/run` installs it; locally `apt-get
 * install chromium`), driven by playwright-core, offline (every request outside the gateway is
 * refused, so a CDN dependency would fail the test). Opens /graphiql, types a query, runs it, reads
 * the rendered result; then follows a subscription over the WebSocket until an event renders. Saves
 * screenshots under test-output/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startHarness, type Harness } from '../support/harness';
import { moveStatus, until } from '../support/live';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUTPUT = path.resolve(__dirname, '../../test-output');
let harness: Harness;
let browser: Browser;

beforeAll(async () => {
  harness = await startHarness({
    gateway: {
      serviceAccount: { email: 'jane.smith@example.com', password: 'password' },
      allowAnonymous: true,
      subscriptionsPollMs: 1_000,
    },
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // As the machine's probe runs it: no sandbox as root, and no background calls to Google.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 30_000);
afterAll(async () => {
  await browser?.close();
  await harness?.stop();
});

/** Opens the bundled GraphiQL and replaces the editor's document with `document`, typed as a person would. */
async function typeInGraphiQL(page: Page, origin: string, document: string): Promise<void> {
  await page.goto(`${origin}/graphiql`);
  const editor = page.locator('.graphiql-query-editor .CodeMirror').first();
  await editor.waitFor({ timeout: 15_000 });
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(document);
}

it('runs a typed query in GraphiQL, offline, and renders the result', async () => {
  const origin = new URL(harness.endpoint).origin;
  const page = await browser.newPage();
  const outside: string[] = [];
  await page.route('**/*', (route) => {
    if (route.request().url().startsWith(origin)) return route.continue();
    outside.push(route.request().url());
    return route.abort();
  });
  // Named like the example it replaces: GraphiQL sends the name it last parsed with the click.
  await typeInGraphiQL(page, origin, 'query UsersPage { users(page: 2) { pageInfo { totalCount } items { email } } }');
  await page.locator('.graphiql-execute-button').click();

  const result = page.locator('.result-window');
  await result.getByText('"totalCount"').waitFor({ timeout: 15_000 });
  const text = await result.innerText();
  expect(text).toContain(`"totalCount": ${harness.companies.fairway.users.length}`);
  expect(text).toContain(harness.companies.fairway.users[10].email);
  expect(outside).toEqual([]);
  mkdirSync(OUTPUT, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT, 'graphiql.png'), fullPage: true });
}, 60_000);

it('follows a subscription in GraphiQL over the WebSocket, and renders the event when a recovery moves', async () => {
  const origin = new URL(harness.endpoint).origin;
  const campaign = harness.companies.fairway.campaigns.find((entry) => entry.employees.length > 3)!;
  const page = await browser.newPage();
  await typeInGraphiQL(
    page,
    origin,
    `subscription EmployeeChanged { employeeChanged(campaignNumber: "${campaign.number}") { changedFields previousStatus employee { email status } } }`,
  );
  // GraphiQL runs the operation it last parsed: wait until it has parsed this one (its saved tab state says so).
  await page.waitForFunction(
    () =>
      (
        (globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage.getItem('graphiql:tabState') ?? ''
      ).includes('"operationName":"EmployeeChanged"'),
    null,
    {
      timeout: 15_000,
    },
  );
  harness.simulator.clearLog();
  await page.locator('.graphiql-execute-button').click();
  const detailReads = () => harness.simulator.requestLog.filter((entry) => entry.path === `/recover/employees/details/${campaign.number}`);
  await until(() => detailReads().length >= 1, 'the baseline poll');

  const employee = campaign.employees[2];
  const before = moveStatus(employee);
  const result = page.locator('.result-window');
  await result.getByText('"previousStatus"').waitFor({ timeout: 15_000 });
  const text = await result.innerText();
  expect(text).toContain(`"previousStatus": "${before}"`);
  expect(text).toContain(`"email": "${employee.email}"`);
  mkdirSync(OUTPUT, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT, 'graphiql-subscription.png'), fullPage: true });
  await page.close();
}, 60_000);
