import {
  mapCampaignDetails,
  mapCountry,
  mapListedCampaign,
  mapPackage,
  mapRecoveryItem,
  mapState,
  mapTracking,
} from '../../src/apps/recover/map';
import { documentedCampaign, documentedDetails } from '../fixtures/documented';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('mapListedCampaign: the list entry, misspelled title included', () => {
  it('maps every field', () => {
    expect(mapListedCampaign(documentedCampaign)).toEqual({
      campaignNumber: '17458430682853',
      title: 'Rolling Campaign for Desktops', // from compain_title
      startDate: day('2025-04-28'),
      country: { code: 'FR', name: 'France' },
      knownDeviceCount: 120,
      knownEmployeeCount: 57,
      details: null,
    });
  });
});

describe('mapCampaignDetails', () => {
  const page = mapCampaignDetails(documentedDetails, { page: 1, limit: 10 });

  it('maps the campaign with `title`, the employee total and the details-only fields', () => {
    expect(page.campaign).toMatchObject({
      campaignNumber: '17458430682853',
      title: 'Rolling Campaign for Desktops',
      knownDeviceCount: null,
      knownEmployeeCount: 2,
      details: { helpdeskEmail: null },
    });
  });

  it('maps return addresses and packages (qty -> quantity, incomingWeight -> weight)', () => {
    expect(page.campaign.details!.returnAddresses[0]).toEqual({
      name: 'John Doe',
      title: 'Rolling Campaign for Desktops',
      company: 'xxxxx',
      phone: 'xxxxxxxx',
      email: 'xxxxxxxx',
      address: { line1: 'xxxxx', line2: null, city: 'xxxx', state: null, zip: 'xxxx', country: 'FR' },
      packages: [
        { device: 'Laptop', quantity: 1, weight: 10, length: 16, width: 12, height: 4 },
        { device: 'Monitor 32"', quantity: 1, weight: 30, length: 30, width: 30, height: 12 },
      ],
    });
  });

  it('maps employees with the state name, the country code, and a human last_updated', () => {
    expect(page.employees[1]).toMatchObject({
      recoveryId: '174590984551584',
      email: 'dihip3@mailinator.com',
      firstName: 'John',
      lastName: 'Dec',
      phone: 'xxxx',
      phoneCountryCode: 'FR',
      status: 'Order Received',
      lastUpdated: day('2025-04-29'),
      address: { line1: 'xxxxxxx', line2: null, city: 'paris', state: 'Paris', zip: 'xxxxx', country: 'FR' },
      tracking: [],
    });
    expect(page.employees[1].campaignRef).toBe(page.campaign);
  });

  it('computes page info from the upstream counters', () => {
    expect(page.pageInfo).toEqual({ page: 1, limit: 10, totalPages: 1, totalCount: 2, hasNextPage: false });
  });
});

describe('mapTracking: "null" and "" legs', () => {
  it.each([
    [
      documentedDetails.employees[0].tracking![0],
      { trackingNumber: 'xxxxxxxx', trackingUrl: null },
      { trackingNumber: 'xxxxxxxxxx', trackingUrl: expect.stringContaining('ups.com') },
    ],
    [documentedDetails.employees[0].tracking![1], null, { trackingNumber: 'xxxxxxxxx', trackingUrl: 'https://wwwapps.ups.com/x' }],
    [
      { carrier_name: 'ups', forward_shipping: null, return_shipping: { return_tracking_number: '', return_tracking_link: 'null' } },
      null,
      null,
    ],
  ])('%#', (raw, outbound, back) => {
    expect(mapTracking(raw)).toEqual({ position: 1, carrier: 'ups', outbound, return: back });
  });
});

describe('small mappers', () => {
  it.each([
    [{ name: 'Paris', code: 'PR', country_code: 'FR' }, 'Paris'],
    [{ name: null, code: 'PR', country_code: 'FR' }, 'PR'],
    ['CA', 'CA'],
    [null, null],
  ])('mapState %p -> %p', (raw, expected) => expect(mapState(raw)).toBe(expected));

  it.each([
    [
      { name: 'France', code: 'fr' },
      { code: 'FR', name: 'France' },
    ],
    [
      { name: null, code: 'GB' },
      { code: 'GB', name: 'GB' },
    ],
    [{ name: 'Nowhere', code: '' }, null],
    [null, null],
  ])('mapCountry %p -> %p', (raw, expected) => expect(mapCountry(raw)).toEqual(expected));

  it.each([
    [undefined, null],
    [1, true],
    [0, false],
  ])('mapRecoveryItem is_legal_hold %p -> legalHold %p', (flag, expected) => {
    const item = mapRecoveryItem({
      item: 'iPhone',
      item_serial_no: '',
      item_asset_id: 'null',
      item_imei: null,
      custom_field_1: 'a',
      custom_field_2: null,
      is_legal_hold: flag,
    });
    expect(item).toEqual({
      position: 1,
      name: 'iPhone',
      serialNumber: null,
      assetId: null,
      imei: null,
      customField1: 'a',
      customField2: null,
      legalHold: expected,
    });
  });

  it("items and shipment records are numbered from 1 in the employee's order (with the recovery ID, their key)", () => {
    const employee = documentedDetails.employees[0];
    expect(employee.items!.map(mapRecoveryItem).map((item) => item.position)).toEqual(employee.items!.map((_item, index) => index + 1));
    expect(employee.tracking!.map(mapTracking).map((record) => record.position)).toEqual([1, 2]);
  });

  it('mapPackage tolerates numeric strings and missing sizes', () => {
    expect(mapPackage({ device: 'Phone', qty: '2' as never, incomingWeight: null, length: 5, width: null, height: null })).toEqual({
      device: 'Phone',
      quantity: 2,
      weight: null,
      length: 5,
      width: null,
      height: null,
    });
  });
});
