/** The Recover app: campaigns, their employees, items and tracking, adding employees to them, and their changes live. */
import { defineApp } from '../../core/app';
import { CampaignsResolver } from './campaigns.resolver';
import { EmployeeAddResolver } from './employee-add.resolver';
import { EmployeeChangesResolver } from './employee-changes.resolver';
import { EmployeesResolver, RecoveryItemsResolver } from './employees.resolver';
import { createRecoverLoaders } from './loaders';
import { recoverEndpoints } from './rest';

export const recoverApp = defineApp({
  name: 'recover',
  resolvers: [CampaignsResolver, EmployeesResolver, RecoveryItemsResolver, EmployeeAddResolver, EmployeeChangesResolver],
  endpoints: recoverEndpoints,
  createLoaders: createRecoverLoaders,
});
