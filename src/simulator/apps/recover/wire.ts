/**
 * Stored campaigns -> the documented Recover shapes, quirks included: snake_case, `compain_title` in the
 * list, human dates, "" and "null" for absent tracking.
 */
import { COUNTRIES, type CountryCode } from '../../fixtures';
import type { SimCampaign, SimCompany, SimEmployee } from '../../model';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `"Apr 28th, 2025"`, as the Recover endpoints write dates. */
export function humanDate(date: Date): string {
  const day = date.getUTCDate();
  const suffix = day % 10 === 1 && day !== 11 ? 'st' : day % 10 === 2 && day !== 12 ? 'nd' : day % 10 === 3 && day !== 13 ? 'rd' : 'th';
  return `${MONTHS[date.getUTCMonth()]} ${day}${suffix}, ${date.getUTCFullYear()}`;
}

function country(code: string) {
  return { name: COUNTRIES[code as CountryCode]?.name ?? code, code };
}

export function campaignListWire(campaign: SimCampaign) {
  return {
    campaign_number: campaign.number,
    compain_title: campaign.title,
    start_date: humanDate(campaign.startDate),
    country: country(campaign.country),
    total_device_count: campaign.employees.reduce((sum, employee) => sum + employee.items.length, 0),
    total_employee: campaign.employees.length,
  };
}

export function returnAddressWire(company: SimCompany, campaign: SimCampaign) {
  const place = COUNTRIES[campaign.country].places[0];
  return {
    name: 'Returns Desk',
    title: campaign.title,
    company: company.name,
    country: country(campaign.country),
    state: place.state ? { name: place.state.name, code: place.state.code, country_code: campaign.country } : null,
    city: place.city,
    zip_code: place.zip,
    address: '1 Logistics Way',
    phone: '8005550100',
    email: `returns@${company.domain}`,
    packages: [
      { device: 'Laptop', qty: 1, incomingWeight: 10, length: 16, width: 12, height: 4 },
      { device: 'Monitor 32"', qty: 1, incomingWeight: 30, length: 30, width: 30, height: 12 },
    ],
  };
}

export function employeeWire(employee: SimEmployee) {
  const places = COUNTRIES[employee.country as CountryCode]?.places ?? [];
  const state = places.find((place) => place.state?.code === employee.state)?.state;
  return {
    recovery_id: employee.recoveryId,
    email: employee.email,
    firstname: employee.firstName,
    lastname: employee.lastName,
    phone_country: employee.phoneCountry,
    phone_number: employee.phone,
    country: country(employee.country),
    state: employee.state
      ? { name: state?.name ?? employee.state, code: state?.code ?? employee.state, country_code: employee.country }
      : null,
    city: employee.city,
    zip: employee.zip,
    address_line_1: employee.address1,
    address_line_2: employee.address2,
    items: employee.items,
    status: employee.status,
    tracking: trackingWire(employee),
    last_updated: humanDate(employee.lastUpdated),
  };
}

/** Unshipped legs come back as "" and the string "null", as in the documented example. */
function trackingWire(employee: SimEmployee) {
  if (!employee.shipped.forward && !employee.shipped.back) return [];
  const link = (number: string) => `https://wwwapps.ups.com/WebTracking/processRequest?tracknum=${number}`;
  return [
    {
      carrier_name: 'ups',
      forward_shipping: {
        tracking_number: employee.shipped.forward ?? '',
        tracking_link: employee.shipped.forward ? link(employee.shipped.forward) : 'null',
      },
      return_shipping: {
        return_tracking_number: employee.shipped.back ?? '',
        return_tracking_link: employee.shipped.back ? link(employee.shipped.back) : null,
      },
    },
  ];
}
