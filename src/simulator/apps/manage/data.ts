/** Seeded users and the assets assigned to them, deterministic per company. */
import type { CompanyPlan } from '../../companies';
import { ASSET_STATUSES, COUNTRIES, DEVICE_MODELS, FIRST_NAMES, LAST_NAMES } from '../../fixtures';
import type { SimAsset, SimUser } from '../../model';
import type { SeededRandom } from '../../random';

export function seedUsers(plan: CompanyPlan, random: SeededRandom): SimUser[] {
  const users: SimUser[] = [];
  if (plan.documentedUsers) {
    users.push(documentedUser('John', 'Doe', 'john.doe@example.com', '1234567890', 'Los Angeles', 'CA', '90001', '1234 Elm Street', ''));
    users.push(
      documentedUser('Jane', 'Smith', 'jane.smith@example.com', '0987654321', 'New York', 'NY', '10001', '5678 Oak Avenue', 'Unit 202'),
    );
  }
  for (let n = users.length; n < plan.users; n += 1) {
    const firstName = random.pick(FIRST_NAMES);
    const lastName = random.pick(LAST_NAMES);
    const country = random.pick(plan.countries);
    const fixture = COUNTRIES[country];
    const place = random.pick(fixture.places);
    const remote = random.chance(0.7);
    users.push({
      firstName,
      lastName,
      email: `${firstName}.${lastName}.${n}@${plan.domain}`.toLowerCase(),
      country,
      phone: (country === 'GB' ? '7' : String(random.int(6, 9))) + random.digits(fixture.phoneDigits - 1),
      state: place.state,
      city: place.city,
      zip: place.zip,
      address1: `${random.int(1, 9999)} ${random.pick(['Elm', 'Oak', 'Market', 'High', 'Station', 'Park'])} ${random.pick(['Street', 'Road', 'Avenue'])}`,
      // The upstream writes a missing second line as "".
      address2: random.chance(0.3) ? `Unit ${random.int(1, 400)}` : '',
      locationName: remote ? null : `${place.city} Office`,
      locationType: remote ? 'Remote Employee' : 'Office',
    });
  }
  return users;
}

function documentedUser(
  firstName: string,
  lastName: string,
  email: string,
  phone: string,
  city: string,
  stateCode: string,
  zip: string,
  address1: string,
  address2: string,
): SimUser {
  const state = COUNTRIES.US.places.find((place) => place.state?.code === stateCode)?.state ?? null;
  return {
    firstName,
    lastName,
    email,
    country: 'US',
    phone,
    state,
    city,
    zip,
    address1,
    address2,
    locationName: null,
    locationType: 'Remote Employee',
  };
}

export function seedAssets(plan: CompanyPlan, users: SimUser[], random: SeededRandom): SimAsset[] {
  const assets: SimAsset[] = [];
  for (let n = 0; n < plan.assets; n += 1) {
    const model = random.pick(DEVICE_MODELS);
    const status = random.pick(ASSET_STATUSES);
    const holder = status === 'In Use' ? random.pick(users) : null;
    const year = random.int(2021, 2025);
    assets.push({
      assetId: `${model.prefix}-${String(n).padStart(4, '0')}-${random.alphanumeric(8)}`,
      modelName: model.modelName,
      modelNumber: model.modelNumber,
      productType: model.productType,
      purchaseDate: `${year}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
      serialNumber: `SN-${random.alphanumeric(10)}`,
      imei: model.mobile && model.productType === 'Phone' ? `35${random.digits(13)}` : '',
      imei2: model.productType === 'Phone' && random.chance(0.3) ? `35${random.digits(13)}` : '',
      sku: random.chance(0.6) ? `SKU-${model.modelNumber}` : '',
      status,
      holderEmail: holder?.email ?? null,
    });
  }
  return assets;
}
