import { describe, expect, it } from 'vitest';
import {
  adToBs,
  bsToAd,
  BS_LAST_YEAR,
  fiscalYear,
  formatBsLong,
  formatBsShort,
  formatBsWithAd,
  formatYmd,
  parseYmd,
  toDevanagariDigits,
} from './bs';
import { BS_FIRST_YEAR, BS_MONTH_DAYS } from './bs-table';

describe('BS calendar', () => {
  it('converts AD to BS', () => {
    expect(formatYmd(adToBs('2026-11-22'))).toBe('2083-08-06');
    expect(formatYmd(adToBs('1943-04-14'))).toBe('2000-01-01');
    expect(formatYmd(adToBs('2023-04-14'))).toBe('2080-01-01');
    expect(formatYmd(adToBs('2024-04-13'))).toBe('2081-01-01');
  });

  it('converts BS to AD', () => {
    expect(formatYmd(bsToAd('2082-04-01'))).toBe('2025-07-17');
    expect(formatYmd(bsToAd('2000-01-01'))).toBe('1943-04-14');
    expect(formatYmd(bsToAd('2083-08-06'))).toBe('2026-11-22');
  });

  it('round-trips every day of the table', () => {
    let ad = bsToAd({ year: BS_FIRST_YEAR, month: 1, day: 1 });
    let t = Date.UTC(ad.year, ad.month - 1, ad.day);
    for (let y = BS_FIRST_YEAR; y <= BS_LAST_YEAR; y++) {
      for (let m = 1; m <= 12; m++) {
        for (let d = 1; d <= BS_MONTH_DAYS[y - BS_FIRST_YEAR]![m - 1]!; d++) {
          const day = new Date(t);
          ad = { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() };
          expect(adToBs(ad)).toEqual({ year: y, month: m, day: d });
          t += 86_400_000;
        }
      }
      // bsToAd agrees with the day-by-day walk at the start of every year
      if (y < BS_LAST_YEAR) {
        const next = new Date(t);
        expect(formatYmd(bsToAd({ year: y + 1, month: 1, day: 1 }))).toBe(next.toISOString().slice(0, 10));
      }
    }
  });

  it('rejects dates outside the table or invalid', () => {
    expect(() => adToBs('1943-04-13')).toThrow(RangeError);
    expect(() => adToBs('2026-02-30')).toThrow(RangeError);
    expect(() => bsToAd('2083-08-31')).toThrow(RangeError);
    expect(() => bsToAd('2100-01-01')).toThrow(RangeError);
    expect(() => parseYmd('22/11/2026')).toThrow(RangeError);
  });

  it('computes the fiscal year (1 Shrawan to end of Ashadh)', () => {
    expect(fiscalYear(parseYmd('2083-08-06'))).toBe('2083/84');
    expect(fiscalYear(parseYmd('2083-03-32'))).toBe('2082/83');
    expect(fiscalYear(parseYmd('2083-04-01'))).toBe('2083/84');
    expect(fiscalYear(parseYmd('2099-05-01'))).toBe('2099/00');
  });

  it('formats in English and Nepali', () => {
    const ad = parseYmd('2026-11-22');
    expect(formatBsWithAd(ad, 'en')).toBe('6 Mangsir 2083 BS (22 Nov 2026)');
    expect(formatBsWithAd(ad, 'ne')).toBe('२०८३ मंसिर ६ (२०२६-११-२२)');
    expect(formatBsLong(parseYmd('2082-04-01'), 'en')).toBe('1 Shrawan 2082 BS');
    expect(formatBsShort('2026-11-22', 'ne')).toBe('२०८३-०८-०६');
    expect(toDevanagariDigits('0123456789')).toBe('०१२३४५६७८९');
  });
});
