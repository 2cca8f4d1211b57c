/** The Recover app: campaigns, their employees, items and tracking, and adding employees to them. */
import { defineApp } from '../../core/app';
import { CampaignsResolver } from './campaigns.resolver';
import { EmployeeAddResolver } from './employee-add.resolver';
import { EmployeesResolver, RecoveryItemsResolver } from './employees.resolver';
import { createRecoverLoaders } from './loaders';
import { recoverEndpoints } from './rest';

export const recoverApp = defineApp({
  name: 'recover',
  resolvers: [CampaignsResolver, EmployeesResolver, RecoveryItemsResolver, EmployeeAddResolver],
  endpoints: recoverEndpoints,
  createLoaders: createRecoverLoaders,
});
