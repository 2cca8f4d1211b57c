/**
 * The Authentication app: the upstream's login and refresh, as mutations that need no prior token.
 * (The gateway's own sign-in and API keys are not an Unduit app: see src/security/.)
 */
import { defineApp } from '../../core/app';
import { AuthResolver } from './auth.resolver';
import { authEndpoints } from './rest';

export const authApp = defineApp({
  name: 'auth',
  resolvers: [AuthResolver],
  endpoints: authEndpoints,
  createLoaders: () => ({}),
});
