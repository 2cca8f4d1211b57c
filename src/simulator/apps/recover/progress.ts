/**
 * Recoveries move, as they do upstream: kits ship, devices travel back, statuses advance from
 * `Order Received` to `Completed`. One step advances the next employee still in progress (companies,
 * campaigns and employees in order, round after round): its status moves one stage, a kit shipped
 * gets its outbound tracking number, a device received its return number, and `lastUpdated` is today.
 */
import { RECOVERY_STATUSES } from '../../fixtures';
import type { SimCompany, SimEmployee } from '../../model';

export class RecoveryProgress {
  private cursor = 0;
  private steps = 0;

  constructor(private readonly companies: SimCompany[]) {}

  /** Advances one recovery; returns it, or null when every recovery is completed. */
  step(now: Date): SimEmployee | null {
    const all = this.companies.flatMap((company) => company.campaigns.flatMap((campaign) => campaign.employees));
    for (let tried = 0; tried < all.length; tried += 1) {
      const employee = all[(this.cursor + tried) % all.length];
      const stage = RECOVERY_STATUSES.indexOf(employee.status as (typeof RECOVERY_STATUSES)[number]);
      if (stage < 0 || stage === RECOVERY_STATUSES.length - 1) continue;
      this.cursor = (this.cursor + tried + 1) % all.length;
      this.steps += 1;
      employee.status = RECOVERY_STATUSES[stage + 1];
      if (employee.status === 'Kit Shipped') employee.shipped.forward ??= trackingNumber('O', this.steps);
      if (employee.status === 'Device Received') employee.shipped.back ??= trackingNumber('R', this.steps);
      employee.lastUpdated = now;
      return employee;
    }
    return null;
  }
}

/** A UPS-shaped tracking number, distinct per step. */
function trackingNumber(leg: string, step: number): string {
  return `1Z${leg}SIM${String(step).padStart(11, '0')}`;
}
