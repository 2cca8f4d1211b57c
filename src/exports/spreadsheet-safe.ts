/**
 * OWASP's rule against CSV injection: a cell a spreadsheet would evaluate as a formula (it starts
 * with `=`, `@`, a tab or a carriage return, or with `+` or `-` not followed by a plain number) gets
 * a leading `'`, which the spreadsheet shows as text and hides. Only where a spreadsheet opens the
 * file (CSV); NDJSON and JSON carry the data unchanged, and the mutations accept such names: they are
 * data, only opening them is the danger.
 */
const FORMULA_START = /^[=@\t\r]/;
const SIGNED = /^[+-]/;
const PLAIN_NUMBER = /^[+-]\d+(\.\d+)?([eE][+-]?\d+)?$/;

export function spreadsheetSafe(value: string): string {
  return FORMULA_START.test(value) || (SIGNED.test(value) && !PLAIN_NUMBER.test(value)) ? `'${value}` : value;
}
