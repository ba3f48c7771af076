import { describe, expect, it } from 'vitest';
import {
  dayRuns,
  formatDays,
  formatHours,
  isOpenAt,
  minutesOf,
  nepalTime,
  normaliseTime,
  pages,
  parseDecimal,
  scheduleError,
  serviceDescription,
  serviceName,
  taxonomyLabel,
  taxonomyTree,
} from './lib';

const EN: Record<string, string> = { SU: 'Sun', MO: 'Mon', TU: 'Tue', WE: 'Wed', TH: 'Thu', FR: 'Fri', SA: 'Sat' };
const name = (d: string) => EN[d]!;
const WEEKDAYS = { days: ['MO', 'TU', 'WE', 'TH', 'FR', 'SU'], opens_at: '10:00', closes_at: '17:00' };

/** An instant given as Nepal time (UTC+05:45). */
const npt = (s: string) => new Date(`${s}+05:45`);

describe('opening hours', () => {
  it('reads times of day', () => {
    expect(minutesOf('10:00')).toBe(600);
    expect(minutesOf('9:30')).toBe(570);
    expect(minutesOf('२४:००')).toBe(1440);
    expect(minutesOf('24:30')).toBeNull();
    expect(minutesOf('10.00')).toBeNull();
    expect(normaliseTime('9:05')).toBe('09:05');
    expect(normaliseTime('१७:००')).toBe('17:00');
  });

  it('knows the day and minute in Nepal', () => {
    // 2026-11-22 is a Sunday; 04:20 UTC is 10:05 in Nepal.
    expect(nepalTime(new Date('2026-11-22T04:20:00Z'))).toEqual({ day: 'SU', minute: 605 });
    // 20:00 UTC on Saturday is already Sunday 01:45 in Nepal.
    expect(nepalTime(new Date('2026-11-21T20:00:00Z'))).toEqual({ day: 'SU', minute: 105 });
  });

  it('says whether a service is open, in Nepal time', () => {
    expect(isOpenAt([WEEKDAYS], npt('2026-11-22T10:00:00'))).toBe(true); // Sunday 10:00
    expect(isOpenAt([WEEKDAYS], npt('2026-11-22T09:59:00'))).toBe(false);
    expect(isOpenAt([WEEKDAYS], npt('2026-11-22T17:00:00'))).toBe(false); // closes at 17:00
    expect(isOpenAt([WEEKDAYS], npt('2026-11-21T12:00:00'))).toBe(false); // Saturday
    expect(isOpenAt([{ days: ['SA'], opens_at: '00:00', closes_at: '24:00' }], npt('2026-11-21T23:59:00'))).toBe(true);
    expect(isOpenAt([], npt('2026-11-22T12:00:00'))).toBe(false);
  });

  it('runs a night schedule past midnight', () => {
    const night = [{ days: ['FR'], opens_at: '20:00', closes_at: '06:00' }];
    expect(isOpenAt(night, npt('2026-11-20T21:00:00'))).toBe(true); // Friday night
    expect(isOpenAt(night, npt('2026-11-21T05:00:00'))).toBe(true); // Saturday early morning
    expect(isOpenAt(night, npt('2026-11-21T07:00:00'))).toBe(false);
    expect(isOpenAt(night, npt('2026-11-20T05:00:00'))).toBe(false); // Friday early morning: Thursday had no night
  });

  it('writes days as runs in Nepal week order', () => {
    expect(dayRuns(WEEKDAYS.days)).toEqual([['SU', 'FR']]);
    expect(formatDays(WEEKDAYS.days, name, 'Every day')).toBe('Sun–Fri');
    expect(formatDays(['MO', 'WE'], name, 'Every day')).toBe('Mon, Wed');
    expect(formatDays(['FR', 'SA', 'SU', 'MO'], name, 'Every day')).toBe('Fri–Mon');
    expect(formatDays(['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'], name, 'Every day')).toBe('Every day');
    expect(formatDays(['SA'], name, 'Every day')).toBe('Sat');
    expect(formatDays([], name, 'Every day')).toBe('');
  });

  it('writes hours in the language, or round the clock', () => {
    expect(formatHours(WEEKDAYS, 'en', 'Round the clock')).toBe('10:00–17:00');
    expect(formatHours(WEEKDAYS, 'ne', 'चौबीसै घण्टा')).toBe('१०:००–१७:००');
    expect(formatHours({ days: ['SU'], opens_at: '00:00', closes_at: '24:00' }, 'en', 'Round the clock')).toBe('Round the clock');
  });

  it('checks the editor\'s schedule rows', () => {
    expect(scheduleError(WEEKDAYS)).toBeNull();
    expect(scheduleError({ ...WEEKDAYS, days: [] })).toBe('dir.err.days');
    expect(scheduleError({ ...WEEKDAYS, opens_at: '10' })).toBe('dir.err.time');
    expect(scheduleError({ ...WEEKDAYS, closes_at: '10:00' })).toBe('dir.err.time');
    expect(scheduleError({ ...WEEKDAYS, opens_at: '20:00', closes_at: '06:00' })).toBeNull();
  });
});

describe('names and labels', () => {
  const svc = { name: 'Free legal aid', name_ne: 'निःशुल्क कानुनी सहायता', description: 'Lawyers', description_ne: '' };
  it('use Nepali when the UI is Nepali and there is a Nepali text', () => {
    expect(serviceName(svc, 'ne')).toBe('निःशुल्क कानुनी सहायता');
    expect(serviceName(svc, 'en')).toBe('Free legal aid');
    expect(serviceName({ ...svc, name_ne: '' }, 'ne')).toBe('Free legal aid');
    expect(serviceDescription(svc, 'ne')).toBe('Lawyers');
  });

  const terms = [
    { code: 'legal', label_en: 'Legal', label_ne: 'कानुनी', parent: '' },
    { code: 'legal_aid', label_en: 'Legal aid', label_ne: 'कानुनी सहायता', parent: 'legal' },
    { code: 'shelter', label_en: 'Shelter', label_ne: '', parent: '' },
  ];
  it('label taxonomy terms and order them as a tree', () => {
    expect(taxonomyLabel(terms, 'legal_aid', 'ne')).toBe('कानुनी सहायता');
    expect(taxonomyLabel(terms, 'shelter', 'ne')).toBe('Shelter');
    expect(taxonomyLabel(terms, 'unknown', 'en')).toBe('unknown');
    expect(taxonomyTree(terms).map((x) => [x.term.code, x.depth])).toEqual([
      ['legal', 0],
      ['legal_aid', 1],
      ['shelter', 0],
    ]);
  });
});

describe('pages and numbers', () => {
  it('count pages', () => {
    expect(pages(0, 1, 20)).toEqual({ count: 1, prev: false, next: false });
    expect(pages(41, 2, 20)).toEqual({ count: 3, prev: true, next: true });
    expect(pages(40, 2, 20)).toEqual({ count: 2, prev: true, next: false });
  });
  it('read coordinates', () => {
    expect(parseDecimal('28.05')).toBe(28.05);
    expect(parseDecimal('-1')).toBe(-1);
    expect(parseDecimal('२८.०५')).toBe(28.05);
    expect(parseDecimal('')).toBeNull();
    expect(parseDecimal('28,05')).toBeUndefined();
  });
});
