/**
 * What each export dataset promises a data model beside its columns: its key (unique and never empty
 * in every row) and its relationships to the other datasets' keys. The columns, their types and the
 * dataset's description come from its document (schema/operations/exports/<name>.graphql); this is the
 * rest, one entry per dataset, read by the catalog (`GET /export`) and the Table Schemas.
 */
export interface Relationship {
  /** Columns of this dataset... */
  columns: string[];
  /** ...that hold the key of another dataset's row. */
  dataset: string;
  key: string[];
}

export interface DatasetDeclaration {
  key: string[];
  relationships: Relationship[];
}

const toCampaign: Relationship = { columns: ['campaignNumber'], dataset: 'campaigns', key: ['campaignNumber'] };
const toEmployee: Relationship = { columns: ['employee.recoveryId'], dataset: 'employees', key: ['employee.recoveryId'] };

export const DECLARATIONS: Record<string, DatasetDeclaration> = {
  users: { key: ['email'], relationships: [] },
  assets: { key: ['assetId'], relationships: [{ columns: ['holder.email'], dataset: 'users', key: ['email'] }] },
  campaigns: { key: ['campaignNumber'], relationships: [] },
  employees: {
    key: ['employee.recoveryId'],
    relationships: [toCampaign, { columns: ['employee.email'], dataset: 'users', key: ['email'] }],
  },
  'recovery-items': {
    key: ['employee.recoveryId', 'employee.item.position'],
    relationships: [
      toCampaign,
      toEmployee,
      { columns: ['employee.item.asset.assetId'], dataset: 'assets', key: ['assetId'] },
      { columns: ['employee.item.asset.holder.email'], dataset: 'users', key: ['email'] },
    ],
  },
  tracking: { key: ['employee.recoveryId', 'employee.tracking.position'], relationships: [toCampaign, toEmployee] },
};
