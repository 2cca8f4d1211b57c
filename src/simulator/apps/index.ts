/** The simulated Unduit apps, one module each (data, wire shapes, routes); their routes make one table. */
import type { SimCompany } from '../model';
import type { Route } from '../routes';
import type { TokenIssuer } from '../tokens';
import { authRoutes } from './auth/routes';
import { manageRoutes } from './manage/routes';
import { recoverRoutes } from './recover/routes';

export function allRoutes(companies: SimCompany[], tokens: TokenIssuer): Route[] {
  return [...authRoutes(companies, tokens), ...manageRoutes(), ...recoverRoutes()];
}
