/** POST /auth/login and POST /refresh-token: the only routes that need no bearer token. */
import type { SimCompany } from '../../model';
import { fail, ok, type Route } from '../../routes';
import type { TokenIssuer } from '../../tokens';

export function authRoutes(companies: SimCompany[], tokens: TokenIssuer): Route[] {
  return [
    {
      method: 'POST',
      path: '/auth/login',
      public: true,
      handle: ({ body }) => {
        for (const company of companies) {
          const login = company.logins.find((entry) => entry.email === body.email && entry.password === body.password);
          if (login) return ok({ message: 'Login successful', token: tokens.issue({ id: 2, email: login.email, company_id: company.id }) });
        }
        return fail(401, 'Invalid email or password');
      },
    },
    {
      method: 'POST',
      path: '/refresh-token',
      public: true,
      handle: ({ body }) => {
        const claims = typeof body.refresh_token === 'string' ? tokens.verify(body.refresh_token) : null;
        if (!claims) return fail(401, 'Invalid token');
        return ok({ message: 'Token has been refreshed successfully.', token: tokens.issue(claims) });
      },
    },
  ];
}
