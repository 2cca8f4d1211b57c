import { mapAsset, mapListedAsset, mapUser } from '../../src/apps/manage/map';
import type { RawUser } from '../../src/apps/manage/wire';
import { documentedAssets, documentedUsers } from '../fixtures/documented';

describe('mapUser: PascalCase user -> User', () => {
  const jane = mapUser(documentedUsers[1]);

  it.each([
    ['email', 'jane.smith@example.com'],
    ['firstName', 'Jane'],
    ['lastName', 'Smith'],
    ['phone', '0987654321'], // ContactInfo
    ['phoneCountryCode', 'US'],
    ['locationName', null],
    ['locationType', 'Remote Employee'],
  ] as const)('%s', (field, expected) => expect(jane[field]).toBe(expected));

  it('builds the address from Address_1/Address_2/City/State/Zip/Country', () => {
    expect(jane.address).toEqual({
      line1: '5678 Oak Avenue',
      line2: 'Unit 202',
      city: 'New York',
      state: 'NY',
      zip: '10001',
      country: 'US',
    });
  });

  it('turns an empty Address_2 into null', () => {
    expect(mapUser(documentedUsers[0]).address.line2).toBeNull();
  });

  it('maps embedded assets and remembers that this user holds them', () => {
    expect(jane.assignedAssets).toEqual([
      {
        assetId: 'LEN-0000-ABCD1234',
        serialNumber: 'SN-ABCD1234',
        modelName: 'Demo Laptop',
        modelNumber: 'DL-1234',
        productType: 'Laptop',
        purchaseDate: new Date('2024-10-31T00:00:00Z'),
        imei: null,
        imei2: null,
        sku: null,
        status: 'In Use',
        holderEmail: 'jane.smith@example.com',
        holder: null,
      },
    ]);
  });

  it('tolerates a missing AssignedAssets array and extra fields', () => {
    const raw = { ...documentedUsers[0], AssignedAssets: null, Department: 'Finance' } as RawUser;
    expect(mapUser(raw).assignedAssets).toEqual([]);
  });
});

describe('mapAsset and mapListedAsset', () => {
  it("reads the holder from the list's AssignedUser", () => {
    expect(mapListedAsset(documentedAssets[0])).toMatchObject({
      assetId: 'DEMO-ASSET-123',
      sku: 'SKU123',
      status: 'In Use',
      holderEmail: 'john.doe@example.com',
      holder: { email: 'john.doe@example.com', firstName: 'John', lastName: 'Doe' },
    });
  });

  it('has no holder when AssignedUser is null, or carries no email', () => {
    expect(mapListedAsset({ ...documentedAssets[0], AssignedUser: null })).toMatchObject({ holderEmail: null, holder: null });
    const nameless = { firstname: 'John', lastname: 'Doe', username: 'John Doe', email: '' };
    expect(mapListedAsset({ ...documentedAssets[0], AssignedUser: nameless })).toMatchObject({ holderEmail: null, holder: null });
  });

  it.each([
    ['imei', '', null],
    ['imei', '356938035643809', '356938035643809'],
    ['serialNumber', 'null', null],
    ['purchaseDate', 'not a date', null],
  ] as const)('%s %p -> %p', (field, value, expected) => {
    expect(mapAsset({ ...documentedAssets[0], [field]: value }, null)[field]).toEqual(expected);
  });
});
