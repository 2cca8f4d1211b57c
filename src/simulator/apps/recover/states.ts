/**
 * The upstream's own idea of "a valid state or region name for that country", kept apart from the
 * gateway's validation on purpose: the simulator is the gateway's oracle and must be able to disagree.
 * It accepts a subdivision's exact name or code, ignoring case only (the documents' examples send
 * codes: "CA", "LDN"; the text asks for names).
 */
import { allCountries } from 'country-region-data';

let namesAndCodes: Map<string, Set<string>> | undefined;

export function isStateOf(country: string, state: string): boolean {
  namesAndCodes ??= new Map(
    allCountries.map(([, code, regions]) => [
      code,
      new Set(regions.flatMap(([name, short]) => [name.toLowerCase(), (short ?? '').toLowerCase()])),
    ]),
  );
  return namesAndCodes.get(country.toUpperCase())?.has(state.trim().toLowerCase()) ?? false;
}
