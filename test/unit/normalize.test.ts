import { normalizeDate, normalizeId, normalizeInt, normalizeNumber, presentOrNull } from '../../src/core/normalize';

const iso = (date: Date | null) => date?.toISOString().slice(0, 10) ?? null;

describe('presentOrNull: the upstream writes absence as null, "" or "null"', () => {
  it.each([
    [null, null],
    [undefined, null],
    ['', null],
    ['   ', null],
    ['null', null],
    ['NULL', null],
    [' Unit 202 ', 'Unit 202'],
    ['nullable', 'nullable'],
    [0, '0'],
  ])('%p -> %p', (input, expected) => expect(presentOrNull(input)).toBe(expected));
});

describe('normalizeDate: human and ISO dates -> a calendar date', () => {
  it.each([
    ['Apr 28th, 2025', '2025-04-28'],
    ['Dec 21st, 2022', '2022-12-21'],
    ['Feb 2nd, 2025', '2025-02-02'],
    ['Mar 3rd, 2024', '2024-03-03'],
    ['Feb 5th, 2025', '2025-02-05'],
    ['Sept 9th, 2025', '2025-09-09'],
    ['Jan 1 2024', '2024-01-01'],
    ['2024-10-31', '2024-10-31'],
    ['2024-10-31T22:15:00Z', '2024-10-31'],
    ['Feb 30th, 2025', null],
    ['2025-13-01', null],
    ['Smarch 1st, 2025', null],
    ['yesterday', null],
    ['null', null],
    ['', null],
    [null, null],
  ])('%p -> %p', (input, expected) => expect(iso(normalizeDate(input))).toBe(expected));
});

describe('normalizeId: digit strings or numbers -> opaque string IDs', () => {
  it.each([
    ['17458430682853', '17458430682853'],
    [17449821332893, '17449821332893'],
    ['174584241251583', '174584241251583'],
    ['', null],
    [null, null],
  ])('%p -> %p', (input, expected) => expect(normalizeId(input)).toBe(expected));
});

describe('normalizeNumber and normalizeInt', () => {
  it.each([
    [10, 10, 10],
    ['30', 30, 30],
    [12.5, 12.5, 12],
    ['abc', null, null],
    ['', null, null],
    [null, null, null],
    [Number.NaN, null, null],
  ])('%p -> %p / %p', (input, number, int) => {
    expect(normalizeNumber(input)).toBe(number);
    expect(normalizeInt(input)).toBe(int);
  });
});
