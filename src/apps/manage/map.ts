/** Raw Manage shapes -> graph objects. Pure; table-tested in test/unit/manage-map.test.ts. */
import { normalizeDate, presentOrNull } from '../../core/normalize';
import type { Asset } from './asset.type';
import type { RawAsset, RawAssignedAsset, RawUser } from './wire';
import type { User } from './user.type';

export function mapUser(raw: RawUser): User {
  const email = presentOrNull(raw.Email) ?? '';
  return {
    email,
    firstName: presentOrNull(raw.FirstName),
    lastName: presentOrNull(raw.LastName),
    phone: presentOrNull(raw.ContactInfo),
    phoneCountryCode: presentOrNull(raw.PhoneCountryCode),
    locationName: presentOrNull(raw.LocationName),
    locationType: presentOrNull(raw.LocationType),
    address: {
      line1: presentOrNull(raw.Address_1),
      line2: presentOrNull(raw.Address_2),
      city: presentOrNull(raw.City),
      state: presentOrNull(raw.State),
      zip: presentOrNull(raw.Zip),
      country: presentOrNull(raw.Country),
    },
    // An embedded asset's holder is the user that embeds it.
    assignedAssets: (raw.AssignedAssets ?? []).map((asset) => mapAsset(asset, email || null)),
  };
}

export function mapAsset(raw: RawAssignedAsset, holderEmail: string | null): Asset {
  return {
    assetId: presentOrNull(raw.assetId) ?? '',
    serialNumber: presentOrNull(raw.serialNumber),
    modelName: presentOrNull(raw.modelName),
    modelNumber: presentOrNull(raw.modelNumber),
    productType: presentOrNull(raw.productType),
    purchaseDate: normalizeDate(raw.purchaseDate),
    imei: presentOrNull(raw.imei),
    imei2: presentOrNull(raw.imei2),
    sku: presentOrNull(raw.sku),
    status: presentOrNull(raw.assetStatus),
    holderEmail,
    holder: null,
  };
}

export function mapListedAsset(raw: RawAsset): Asset {
  const email = presentOrNull(raw.AssignedUser?.email);
  const holder = email
    ? { email, firstName: presentOrNull(raw.AssignedUser?.firstname), lastName: presentOrNull(raw.AssignedUser?.lastname) }
    : null;
  return { ...mapAsset(raw, email), holder };
}

/** Emails compare case-insensitively everywhere in the gateway. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}
