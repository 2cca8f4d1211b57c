/** The simulator's two seeded companies by name, so tests take counts from the data, never as literals. */
import { seedCompanies } from '../../src/simulator/companies';
import type { SimCompany } from '../../src/simulator/model';

export interface Companies {
  /** Company 317, the bigger one; the documents' example login. */
  fairway: SimCompany;
  /** Company 318. */
  northwind: SimCompany;
}

export function byName(companies: SimCompany[]): Companies {
  const find = (id: number) => {
    const company = companies.find((entry) => entry.id === id);
    if (!company) throw new Error(`the simulator has no company ${id}`);
    return company;
  };
  return { fairway: find(317), northwind: find(318) };
}

/** What a new simulator holds, for tests that cannot reach the running one (`npm start`). */
export const seeded: Companies = byName(seedCompanies());
