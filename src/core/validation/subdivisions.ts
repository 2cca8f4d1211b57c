/**
 * ISO 3166-2 subdivisions (states, regions, provinces) from the maintained `country-region-data`
 * package: lookup by name or code, case- and accent-insensitive, and the closest names for a typo.
 */
import { allCountries } from 'country-region-data';
import { distance } from 'fastest-levenshtein';

export interface Subdivision {
  name: string;
  code: string;
}

/** "Île-de-France", "ile de france" and "ILE-DE-FRANCE" fold to the same key. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

interface Indexed extends Subdivision {
  foldedName: string;
  foldedCode: string;
}

/** Built on first use and folded once: a bulk add checks hundreds of states. */
let byCountry: Map<string, Indexed[]> | undefined;

function subdivisionsOf(country: string): Indexed[] | undefined {
  byCountry ??= new Map(
    allCountries.map(([, code, regions]) => [
      code,
      regions.map(([name, regionCode = '']) => ({ name, code: regionCode, foldedName: fold(name), foldedCode: fold(regionCode) })),
    ]),
  );
  return byCountry.get(country.toUpperCase());
}

/** True when the package knows this country's subdivisions (a few territories have none). */
export function hasSubdivisionData(country: string): boolean {
  return Boolean(subdivisionsOf(country)?.length);
}

/** The subdivision named or coded `value` (`CA`, `US-CA`, `California`), or null. */
export function findSubdivision(country: string, value: string): Subdivision | null {
  const trimmed = value.toUpperCase().startsWith(`${country.toUpperCase()}-`) ? value.slice(country.length + 1) : value;
  const wanted = fold(trimmed);
  const found = subdivisionsOf(country)?.find((entry) => entry.foldedName === wanted || entry.foldedCode === wanted);
  return found ? { name: found.name, code: found.code } : null;
}

/** Up to `count` subdivisions closest to `value` by edit distance on names and codes. */
export function closestSubdivisions(country: string, value: string, count = 3): Subdivision[] {
  const wanted = fold(value);
  const score = (entry: Indexed) => Math.min(distance(wanted, entry.foldedName), distance(wanted, entry.foldedCode));
  return [...(subdivisionsOf(country) ?? [])]
    .sort((a, b) => score(a) - score(b))
    .slice(0, count)
    .map(({ name, code }) => ({ name, code }));
}
