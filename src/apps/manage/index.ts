/** The Manage app: users and the assets assigned to them (api-collection.txt, "Manage"). */
import { defineApp } from '../../core/app';
import { AssetsResolver } from './assets.resolver';
import { createManageLoaders } from './loaders';
import { manageEndpoints } from './rest';
import { UsersResolver } from './users.resolver';

export const manageApp = defineApp({
  name: 'manage',
  resolvers: [UsersResolver, AssetsResolver],
  endpoints: manageEndpoints,
  createLoaders: createManageLoaders,
});
