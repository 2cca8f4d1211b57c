/** The simulator's recoveries moving on their own (simulator/apps/recover/progress.ts). */
import { RecoveryProgress } from '../../src/simulator/apps/recover/progress';
import { seedCompanies } from '../../src/simulator/companies';
import { RECOVERY_STATUSES } from '../../src/simulator/fixtures';

it('each step moves one recovery a stage, with tracking numbers as kits and devices ship, until all are completed', () => {
  const companies = seedCompanies();
  const progress = new RecoveryProgress(companies);
  const everyone = companies.flatMap((company) => company.campaigns.flatMap((campaign) => campaign.employees));
  const stageOf = (status: string) => RECOVERY_STATUSES.indexOf(status as (typeof RECOVERY_STATUSES)[number]);
  const remaining = everyone.reduce((sum, employee) => sum + (RECOVERY_STATUSES.length - 1 - stageOf(employee.status)), 0);
  const today = new Date('2026-12-04T00:00:00Z');
  for (let step = 0; step < remaining; step += 1) {
    const before = everyone.map((employee) => employee.status);
    const moved = progress.step(today)!;
    const changed = everyone.filter((employee, index) => employee.status !== before[index]);
    expect(changed).toEqual([moved]);
    expect(moved.lastUpdated).toEqual(today);
    if (stageOf(moved.status) >= 1) expect(moved.shipped.forward).toEqual(expect.any(String));
    if (stageOf(moved.status) >= 3) expect(moved.shipped.back).toEqual(expect.any(String));
  }
  expect(everyone.every((employee) => employee.status === 'Completed')).toBe(true);
  expect(progress.step(today)).toBeNull();
});
