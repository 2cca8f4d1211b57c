/**
 * The Manage app's wire shapes, as the documents publish them (api-collection.txt, "Manage"): PascalCase
 * users, camelCase assets. map.ts turns them into graph objects.
 */
/** An asset as embedded in a user's `AssignedAssets`. */
export interface RawAssignedAsset {
  assetId: string;
  modelName: string | null;
  modelNumber: string | null;
  productType: string | null;
  purchaseDate: string | null;
  serialNumber: string | null;
  imei: string | null;
  imei2: string | null;
  sku: string | null;
  assetStatus: string | null;
}

export interface RawUser {
  FirstName: string | null;
  LastName: string | null;
  LocationName: string | null;
  PhoneCountryCode: string | null;
  /** The phone number. */
  ContactInfo: string | null;
  Email: string;
  Country: string | null;
  /** A state code, e.g. `CA`. */
  State: string | null;
  City: string | null;
  Zip: string | null;
  LocationType: string | null;
  Address_1: string | null;
  Address_2: string | null;
  AssignedAssets: RawAssignedAsset[] | null;
}

export interface RawUsersPage {
  totalUsers: number;
  totalPages: number;
  currentPage: number;
  users: RawUser[];
}

/** The holder of an asset, as the assets list gives it: a name and an email, not a full user. */
export interface RawAssetHolder {
  firstname: string | null;
  lastname: string | null;
  username: string | null;
  email: string | null;
}

export interface RawAsset extends RawAssignedAsset {
  AssignedUser: RawAssetHolder | null;
}

export interface RawAssetsPage {
  currentPage: number;
  totalPages: number;
  totalItems: number;
  assets: RawAsset[];
}
