/** Seed vocabulary for the simulator: names, places and device models that look like real accounts. */
export const FIRST_NAMES = [
  'Aarav',
  'Amelia',
  'Ana',
  'Arjun',
  'Ben',
  'Camille',
  'Chloe',
  'Daniel',
  'Diya',
  'Elena',
  'Emma',
  'Ethan',
  'Fatima',
  'Grace',
  'Hugo',
  'Isha',
  'Jack',
  'Jules',
  'Kavya',
  'Leo',
  'Liam',
  'Louise',
  'Maya',
  'Mohammed',
  'Noah',
  'Olivia',
  'Oscar',
  'Priya',
  'Rohan',
  'Sofia',
  'Thomas',
  'Zoe',
] as const;

export const LAST_NAMES = [
  'Bernard',
  'Brown',
  'Chen',
  'Dubois',
  'Evans',
  'Garcia',
  'Gupta',
  'Hughes',
  'Iyer',
  'Johnson',
  'Khan',
  'Lambert',
  'Lee',
  'Martin',
  'Moreau',
  'Nair',
  'Patel',
  'Petit',
  'Reddy',
  'Roux',
  'Sharma',
  'Smith',
  'Taylor',
  'Walker',
  'Williams',
  'Wilson',
] as const;

export interface Place {
  city: string;
  state: { name: string; code: string } | null;
  zip: string;
}

export interface CountryFixture {
  name: string;
  phoneDigits: number;
  places: Place[];
}

export const COUNTRIES: Record<'US' | 'IN' | 'FR' | 'GB', CountryFixture> = {
  US: {
    name: 'United States',
    phoneDigits: 10,
    places: [
      { city: 'Los Angeles', state: { name: 'California', code: 'CA' }, zip: '90001' },
      { city: 'New York', state: { name: 'New York', code: 'NY' }, zip: '10001' },
      { city: 'Austin', state: { name: 'Texas', code: 'TX' }, zip: '73301' },
      { city: 'Seattle', state: { name: 'Washington', code: 'WA' }, zip: '98101' },
      { city: 'Chicago', state: { name: 'Illinois', code: 'IL' }, zip: '60601' },
      { city: 'Boston', state: { name: 'Massachusetts', code: 'MA' }, zip: '02108' },
    ],
  },
  IN: {
    name: 'India',
    phoneDigits: 10,
    places: [
      { city: 'Mumbai', state: { name: 'Maharashtra', code: 'MH' }, zip: '400001' },
      { city: 'Bengaluru', state: { name: 'Karnataka', code: 'KA' }, zip: '560001' },
      { city: 'New Delhi', state: { name: 'Delhi', code: 'DL' }, zip: '110001' },
      { city: 'Leh', state: { name: 'Ladakh', code: 'LA' }, zip: '194101' },
    ],
  },
  FR: {
    name: 'France',
    phoneDigits: 9,
    places: [
      { city: 'Paris', state: { name: 'Île-de-France', code: 'IDF' }, zip: '75001' },
      { city: 'Lyon', state: { name: 'Auvergne-Rhône-Alpes', code: 'ARA' }, zip: '69001' },
      { city: 'Rouen', state: { name: 'Normandie', code: 'NOR' }, zip: '76000' },
    ],
  },
  GB: {
    name: 'United Kingdom',
    phoneDigits: 10,
    places: [
      { city: 'London', state: { name: 'London', code: 'LDN' }, zip: 'EC1A 1BB' },
      { city: 'Manchester', state: null, zip: 'M1 1AE' },
    ],
  },
};

export type CountryCode = keyof typeof COUNTRIES;

export const DEVICE_MODELS = [
  { productType: 'Laptop', modelName: 'MacBook Pro 16"', modelNumber: 'A2780', prefix: 'APL', mobile: false },
  { productType: 'Laptop', modelName: 'ThinkPad X1 Carbon', modelNumber: '21HM', prefix: 'LEN', mobile: false },
  { productType: 'Laptop', modelName: 'Latitude 7440', modelNumber: 'P161G', prefix: 'DEL', mobile: false },
  { productType: 'Phone', modelName: 'iPhone 15 Pro', modelNumber: 'A3102', prefix: 'APL', mobile: true },
  { productType: 'Phone', modelName: 'Pixel 8', modelNumber: 'GKWS6', prefix: 'GOO', mobile: true },
  { productType: 'Tablet', modelName: 'iPad Air', modelNumber: 'A2588', prefix: 'APL', mobile: true },
  { productType: 'Monitor', modelName: 'UltraSharp 27', modelNumber: 'U2723QE', prefix: 'DEL', mobile: false },
] as const;

export const ASSET_STATUSES = ['In Use', 'In Use', 'In Use', 'In Stock', 'In Repair', 'Retired'] as const;

export const RECOVERY_STATUSES = ['Order Received', 'Kit Shipped', 'In Transit', 'Device Received', 'Completed'] as const;

export const CAMPAIGN_TITLES = [
  'Rolling Campaign for Desktops',
  'Rolling Campaign for Network Devices',
  'Rolling Campaign for MacBooks',
  'Rolling Campaign for SmartPhones ',
  'UK Cmapaign',
  'Rolling Campaign for Printer',
  'Rolling Campaign',
  'Equipment Return - Corp',
  'Wholesale',
  'Corp RIF - Dec 2022',
  'Q3 Laptop Refresh',
  'Offboarding - Sales',
  'Break-Fix Returns',
  'Contractor Offboarding',
  'Spring Refresh',
] as const;
