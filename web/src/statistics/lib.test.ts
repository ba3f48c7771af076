import { describe, expect, it } from 'vitest';
import { lastCompleteFiscalYear, nextFiscalYear, recentFiscalYears, rowsOf, totalOf, type StatsAnswer } from './lib';

const answer = (cells: StatsAnswer['cells']): StatsAnswer => ({
  indicator: 'survivors_identified',
  title_en: 'Survivors identified',
  title_ne: '',
  unit: 'survivors',
  fiscal_year: '2081/82',
  k: 11,
  rounding: 0,
  province: null,
  district: null,
  local_level: null,
  cells,
  notes: [],
});

describe('fiscal years', () => {
  it('counts back from the current one, which starts on 1 Shrawan', () => {
    // 22 Nov 2026 is Mangsir 2083: fiscal year 2083/84.
    expect(recentFiscalYears(3, new Date('2026-11-22T06:00:00Z'))).toEqual(['2083/84', '2082/83', '2081/82']);
    // 1 Jul 2026 is still Ashadh 2083: fiscal year 2082/83.
    expect(recentFiscalYears(1, new Date('2026-07-01T06:00:00Z'))).toEqual(['2082/83']);
    expect(lastCompleteFiscalYear(new Date('2026-11-22T06:00:00Z'))).toBe('2082/83');
    expect(nextFiscalYear('2099/00')).toBe('2100/01');
  });
});

describe('rows of an answer', () => {
  it('puts the largest first, hidden values as null, and the total last', () => {
    const rows = rowsOf(
      answer([
        { sex: '*', value: 40, suppressed: false },
        { sex: 'female', value: 30, suppressed: false },
        { sex: 'male', value: null, suppressed: true },
        { sex: 'other', value: null, suppressed: true },
      ]),
      'sex',
    );
    expect(rows.map((r) => [r.code, r.value])).toEqual([
      ['female', 30],
      ['male', null],
      ['other', null],
      ['*', 40],
    ]);
  });
  it('leaves province subtotals out of a district list', () => {
    const rows = rowsOf(
      answer([
        { district: '*', province: '*', value: 50, suppressed: false },
        { district: '*', province: '3', value: 50, suppressed: false },
        { district: '306', province: '3', value: 50, suppressed: false },
      ]),
      'district',
    );
    expect(rows.map((r) => r.code)).toEqual(['306', '*']);
    expect(totalOf(answer([{ district: '*', province: '*', value: 50, suppressed: false }]))).toBe(50);
    expect(totalOf(answer([{ value: null, suppressed: true }]))).toBeNull();
  });
});
