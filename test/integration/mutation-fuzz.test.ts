/**
 * Property: whatever malformed input reaches either mutation, the answer is BAD_USER_INPUT (never an
 * internal error) and nothing is written upstream.
 */
import fc from 'fast-check';
import { AddRecoveryEmployeeDocument, BulkAddRecoveryEmployeesDocument } from '../../schema/generated/operations';
import { usEmployee, type PlainEmployee } from '../fixtures/recovery-input';
import { startHarness, type Harness } from '../support/harness';
import { writesIn } from '../support/request-log';

let harness: Harness;
let campaignNumber: string;

beforeAll(async () => {
  harness = await startHarness();
  campaignNumber = harness.companies.fairway.campaigns[0].number;
});
afterAll(() => harness.stop());

const blank = fc.constantFrom('', ' ', '\t');
/** Each breaks one rule; several may be applied to the same employee. */
const corruption: fc.Arbitrary<(employee: PlainEmployee) => PlainEmployee> = fc.oneof(
  fc
    .oneof(
      blank,
      fc.constantFrom('a@', '@b.co', 'no-at-sign', 'x@y'),
      fc.string({ maxLength: 8 }).filter((text) => !text.includes('@')),
    )
    .map((email) => (e: PlainEmployee) => ({ ...e, email })),
  fc
    .oneof(blank, fc.stringMatching(/^[0-9]{1,3}$/), fc.stringMatching(/^[a-z]{3,10}$/))
    .map((phone) => (e: PlainEmployee) => ({ ...e, phone })),
  fc
    .oneof(blank, fc.stringMatching(/^[0-9]{2,5}$/), fc.constantFrom('Atlantis', 'Bavaria', 'Ontario'))
    .map((state) => (e: PlainEmployee) => ({ ...e, state })),
  fc.oneof(blank, fc.constantFrom('USA', 'XX', 'U', '12', 'United States')).map((country) => (e: PlainEmployee) => ({ ...e, country })),
  fc
    .constantFrom('firstName', 'lastName', 'addressLine1', 'city', 'zip')
    .chain((field) => blank.map((value) => (e: PlainEmployee) => ({ ...e, [field]: value }))),
  fc.constant((e: PlainEmployee) => ({ ...e, recoveryReason: 'OTHER', recoveryReasonNote: undefined })),
  fc
    .constantFrom('REFRESH', 'BREAK_FIX', 'OFFBOARDING')
    .map((reason) => (e: PlainEmployee) => ({ ...e, recoveryReason: reason, recoveryReasonNote: 'not allowed' })),
  fc
    .integer({ min: 6, max: 12 })
    .map((count) => (e: PlainEmployee) => ({ ...e, items: Array.from({ length: count }, (_, i) => ({ name: `Item ${i}` })) })),
  fc.constant((e: PlainEmployee) => ({ ...e, items: [] })),
  blank.map((name) => (e: PlainEmployee) => ({ ...e, items: [{ name: 'ok' }, { name }] })),
  fc.string({ minLength: 256, maxLength: 300 }).map((city) => (e: PlainEmployee) => ({ ...e, city: `x${city}` })),
  // Wrong GraphQL types and missing required fields: refused while coercing variables.
  fc.constant((e: PlainEmployee) => ({ ...e, phone: 4155550123 })),
  fc.constantFrom('email', 'items', 'country').map((field) => (e: PlainEmployee) => ({ ...e, [field]: undefined })),
  fc.constant((e: PlainEmployee) => ({ ...e, recoveryReason: 'BORED' })),
  fc.constant((e: PlainEmployee) => ({ ...e, items: [{ serialNumber: 'no name' }] })),
);

const badEmployee = fc
  .tuple(fc.nat(), fc.array(corruption, { minLength: 1, maxLength: 3 }))
  .map(([n, breaks]) => breaks.reduce((employee, apply) => apply(employee), usEmployee({ email: `fuzz.${n}@fairway.example` })));
const goodEmployee = fc.nat().map((n) => usEmployee({ email: `fuzz.good.${n}@fairway.example` }));
const badCampaignNumber = fc.constantFrom('abc', '12a', '', '1'.repeat(16), '-5');

const RUNS = 1_000;

function expectRefusedWithoutWrite(result: { status: number; data?: unknown; errors?: Array<{ extensions?: Record<string, unknown> }> }) {
  expect(result.errors?.length).toBeGreaterThan(0);
  for (const error of result.errors ?? []) expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  expect(result.status).toBeLessThan(500);
}

it(`addRecoveryEmployee refuses ${RUNS} random malformed inputs, writing nothing`, async () => {
  harness.simulator.clearLog();
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        badEmployee.map((employee) => ({ campaignNumber, employee })),
        fc.tuple(badCampaignNumber, goodEmployee).map(([number, employee]) => ({ campaignNumber: number, employee })),
      ),
      async (input) => expectRefusedWithoutWrite(await harness.request(AddRecoveryEmployeeDocument, { input } as never)),
    ),
    { numRuns: RUNS },
  );
  expect(writesIn(harness.simulator.requestLog)).toEqual([]);
});

it(`bulkAddRecoveryEmployees refuses ${RUNS} random malformed batches, writing nothing`, async () => {
  harness.simulator.clearLog();
  const oneBadRow = fc.tuple(fc.array(goodEmployee, { minLength: 0, maxLength: 15 }), badEmployee, fc.nat()).map(([good, bad, at]) => {
    const rows: PlainEmployee[] = good.map((row, index) => ({ ...row, email: `row.${index}.${String(row.email)}` }));
    rows.splice(at % (rows.length + 1), 0, bad);
    return rows;
  });
  const duplicated = fc
    .array(goodEmployee, { minLength: 1, maxLength: 10 })
    .map((rows) => [...rows, { ...rows[0], email: String(rows[0].email).toUpperCase() }]);
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        { weight: 6, arbitrary: oneBadRow.map((employees) => ({ campaignNumber, employees })) },
        { weight: 2, arbitrary: duplicated.map((employees) => ({ campaignNumber, employees })) },
        { weight: 1, arbitrary: fc.constant({ campaignNumber, employees: [] }) },
        {
          weight: 1,
          arbitrary: goodEmployee.map((row) => ({
            campaignNumber,
            employees: Array.from({ length: 101 }, (_, i) => ({ ...row, email: `${i}.${String(row.email)}` })),
          })),
        },
        {
          weight: 1,
          arbitrary: fc.tuple(badCampaignNumber, goodEmployee).map(([number, row]) => ({ campaignNumber: number, employees: [row] })),
        },
      ),
      async (input) => expectRefusedWithoutWrite(await harness.request(BulkAddRecoveryEmployeesDocument, { input } as never)),
    ),
    { numRuns: RUNS },
  );
  expect(writesIn(harness.simulator.requestLog)).toEqual([]);
});
