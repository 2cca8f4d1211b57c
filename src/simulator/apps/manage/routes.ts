/** GET /users and GET /assets: 10 rows a page, no `limit`, filters by email / serial number / asset ID. */
import { fail, ok, paginate, positive, type Route } from '../../routes';
import { assetWire, userWire } from './wire';

const PAGE_SIZE = 10;

export function manageRoutes(): Route[] {
  return [
    {
      method: 'GET',
      path: '/users',
      handle: ({ company, query }) => {
        const page = positive(query.get('page'), 1);
        if (page === null) return fail(400, 'The page must be a positive number.');
        const email = query.get('email')?.trim().toLowerCase();
        const users = company!.users;
        const matching = email ? users.filter((user) => user.email.toLowerCase().includes(email)) : users;
        const slice = paginate(matching, page, PAGE_SIZE);
        return ok({
          totalUsers: matching.length,
          totalPages: slice.totalPages,
          currentPage: page,
          users: slice.items.map((user) => userWire(user, company!.assets)),
        });
      },
    },
    {
      method: 'GET',
      path: '/assets',
      handle: ({ company, query }) => {
        const page = positive(query.get('page'), 1);
        if (page === null) return fail(400, 'The page must be a positive number.');
        const serial = query.get('serialNumber')?.trim();
        const assetId = query.get('assetId')?.trim();
        const matching = company!.assets.filter(
          (asset) => (!serial || asset.serialNumber === serial) && (!assetId || asset.assetId === assetId),
        );
        const usersByEmail = new Map(company!.users.map((user) => [user.email, user]));
        const slice = paginate(matching, page, PAGE_SIZE);
        return ok({
          currentPage: page,
          totalPages: slice.totalPages,
          totalItems: matching.length,
          assets: slice.items.map((asset) => assetWire(asset, usersByEmail)),
        });
      },
    },
  ];
}
