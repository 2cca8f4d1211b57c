/** Stored users and assets -> the documented shapes: PascalCase users, camelCase assets, "" for absent. */
import type { SimAsset, SimUser } from '../../model';

function assignedAsset(asset: SimAsset) {
  return {
    assetId: asset.assetId,
    modelName: asset.modelName,
    modelNumber: asset.modelNumber,
    productType: asset.productType,
    purchaseDate: asset.purchaseDate,
    serialNumber: asset.serialNumber,
    imei: asset.imei,
    imei2: asset.imei2,
    sku: asset.sku,
    assetStatus: asset.status,
  };
}

export function userWire(user: SimUser, assets: SimAsset[]) {
  return {
    FirstName: user.firstName,
    LastName: user.lastName,
    LocationName: user.locationName,
    PhoneCountryCode: user.country,
    ContactInfo: user.phone,
    Email: user.email,
    Country: user.country,
    State: user.state?.code ?? '',
    City: user.city,
    Zip: user.zip,
    LocationType: user.locationType,
    Address_1: user.address1,
    Address_2: user.address2,
    AssignedAssets: assets.filter((asset) => asset.holderEmail === user.email).map(assignedAsset),
  };
}

export function assetWire(asset: SimAsset, users: Map<string, SimUser>) {
  const holder = asset.holderEmail ? users.get(asset.holderEmail) : undefined;
  return {
    ...assignedAsset(asset),
    AssignedUser: holder
      ? { firstname: holder.firstName, lastname: holder.lastName, username: `${holder.firstName} ${holder.lastName}`, email: holder.email }
      : null,
  };
}
