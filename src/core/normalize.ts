/**
 * Rules that turn the upstream's loose values into clean ones. Each is a pure function with a
 * table-driven test in test/unit/normalize.test.ts.
 */

/** The upstream writes absence as null, "", or the string "null" (tracking links, imei, Address_2). */
export function presentOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  if (text === '' || text.toLowerCase() === 'null') return null;
  return text;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const HUMAN_DATE = /^([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/;

/**
 * A calendar date from either form the upstream uses: human (`"Apr 28th, 2025"`) in Recover, ISO
 * (`"2024-10-31"`) in Manage. Returns a `Date` at UTC midnight, or null when absent or not a real date.
 */
export function normalizeDate(value: unknown): Date | null {
  const text = presentOrNull(value);
  if (!text) return null;
  const iso = ISO_DATE.exec(text);
  if (iso) return utcDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const human = HUMAN_DATE.exec(text);
  if (human) {
    const month = MONTHS.indexOf(human[1].toLowerCase()) + 1;
    return month ? utcDate(Number(human[3]), month, Number(human[2])) : null;
  }
  return null;
}

function utcDate(year: number, month: number, day: number): Date | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  // Rejects "Feb 30th" rather than rolling it into March.
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
}

/** Identifiers arrive as digit strings (or numbers in some bodies); the graph serves them as opaque IDs. */
export function normalizeId(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return presentOrNull(value);
}

/** Counts and measures may arrive as numbers or numeric strings. */
export function normalizeNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const text = presentOrNull(value);
  if (text === null) return null;
  const parsed = Number(text);
  return Number.isFinite(parsed) ? parsed : null;
}

export function normalizeInt(value: unknown): number | null {
  const parsed = normalizeNumber(value);
  return parsed === null ? null : Math.trunc(parsed);
}
