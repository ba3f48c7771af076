// Bikram Sambat (BS) ⇄ Gregorian (AD) dates from the month-length table in bs-table.ts.
// AD dates are plain calendar dates (no time zone): arithmetic is done on UTC day numbers.

import { BS_EPOCH_AD, BS_FIRST_YEAR, BS_MONTH_DAYS } from './bs-table';

export interface Ymd {
  year: number;
  month: number; // 1-12
  day: number;
}

export const BS_LAST_YEAR = BS_FIRST_YEAR + BS_MONTH_DAYS.length - 1;

/** BS month names, Baisakh = 1 … Chaitra = 12. */
export const BS_MONTHS_EN = [
  'Baisakh', 'Jestha', 'Ashadh', 'Shrawan', 'Bhadra', 'Ashwin',
  'Kartik', 'Mangsir', 'Poush', 'Magh', 'Falgun', 'Chaitra',
] as const;
export const BS_MONTHS_NE = [
  'बैशाख', 'जेठ', 'असार', 'साउन', 'भदौ', 'असोज',
  'कात्तिक', 'मंसिर', 'पुस', 'माघ', 'फागुन', 'चैत',
] as const;
const AD_MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const DAY_MS = 86_400_000;
const EPOCH_DAY = dayNumber(BS_EPOCH_AD);

function dayNumber(d: Ymd): number {
  return Math.round(Date.UTC(d.year, d.month - 1, d.day) / DAY_MS);
}

function isValidAd(d: Ymd): boolean {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day));
  return t.getUTCFullYear() === d.year && t.getUTCMonth() === d.month - 1 && t.getUTCDate() === d.day;
}

export function bsMonthDays(year: number, month: number): number {
  const row = BS_MONTH_DAYS[year - BS_FIRST_YEAR];
  if (!row || month < 1 || month > 12) throw new RangeError(`no BS month ${year}-${month} in the calendar table`);
  return row[month - 1]!;
}

/** Parses "YYYY-MM-DD" (a longer ISO timestamp is cut to its date). */
export function parseYmd(s: string): Ymd {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${s}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

export function formatYmd(d: Ymd): string {
  const p = (n: number, w: number) => String(n).padStart(w, '0');
  return `${p(d.year, 4)}-${p(d.month, 2)}-${p(d.day, 2)}`;
}

export function adToBs(ad: Ymd | string): Ymd {
  const d = typeof ad === 'string' ? parseYmd(ad) : ad;
  if (!isValidAd(d)) throw new RangeError(`not a valid AD date: ${formatYmd(d)}`);
  let left = dayNumber(d) - EPOCH_DAY;
  if (left < 0) throw new RangeError(`${formatYmd(d)} is before 1 Baisakh ${BS_FIRST_YEAR} BS`);
  for (let y = 0; y < BS_MONTH_DAYS.length; y++) {
    const row = BS_MONTH_DAYS[y]!;
    for (let m = 0; m < 12; m++) {
      if (left < row[m]!) return { year: BS_FIRST_YEAR + y, month: m + 1, day: left + 1 };
      left -= row[m]!;
    }
  }
  throw new RangeError(`${formatYmd(d)} is after the end of ${BS_LAST_YEAR} BS`);
}

export function bsToAd(bs: Ymd | string): Ymd {
  const d = typeof bs === 'string' ? parseYmd(bs) : bs;
  if (d.day < 1 || d.day > bsMonthDays(d.year, d.month)) {
    throw new RangeError(`not a valid BS date: ${formatYmd(d)}`);
  }
  let days = d.day - 1;
  for (let y = BS_FIRST_YEAR; y <= d.year; y++) {
    const row = BS_MONTH_DAYS[y - BS_FIRST_YEAR]!;
    const months = y === d.year ? d.month - 1 : 12;
    for (let m = 0; m < months; m++) days += row[m]!;
  }
  const t = new Date((EPOCH_DAY + days) * DAY_MS);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** Nepal's fiscal year runs from 1 Shrawan to the end of Ashadh: "2083/84". */
export function fiscalYear(bs: Ymd): string {
  const start = bs.month >= 4 ? bs.year : bs.year - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

/** Today's calendar date where the browser is. */
export function todayAd(now: Date = new Date()): Ymd {
  return { year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() };
}

const DEVANAGARI_DIGITS = '०१२३४५६७८९';

/** Replaces ASCII digits with Devanagari ones (०-९). */
export function toDevanagariDigits(s: string | number): string {
  return String(s).replace(/[0-9]/g, (c) => DEVANAGARI_DIGITS[Number(c)]!);
}

export type Lang = 'en' | 'ne';

/** Digits for display in a language: Devanagari in Nepali. */
export function localDigits(s: string | number, lang: Lang): string {
  return lang === 'ne' ? toDevanagariDigits(s) : String(s);
}

/** "6 Mangsir 2083 BS" or "२०८३ मंसिर ६". */
export function formatBsLong(bs: Ymd, lang: Lang): string {
  if (lang === 'ne') return toDevanagariDigits(`${bs.year} ${BS_MONTHS_NE[bs.month - 1]} ${bs.day}`);
  return `${bs.day} ${BS_MONTHS_EN[bs.month - 1]} ${bs.year} BS`;
}

/** "22 Nov 2026" or "२०२६-११-२२". */
export function formatAdLong(ad: Ymd, lang: Lang): string {
  if (lang === 'ne') return toDevanagariDigits(formatYmd(ad));
  return `${ad.day} ${AD_MONTHS_EN[ad.month - 1]} ${ad.year}`;
}

/** BS date with the AD date alongside: "6 Mangsir 2083 BS (22 Nov 2026)", "२०८३ मंसिर ६ (२०२६-११-२२)". */
export function formatBsWithAd(ad: Ymd, lang: Lang): string {
  return `${formatBsLong(adToBs(ad), lang)} (${formatAdLong(ad, lang)})`;
}

/** Short BS date for tables, e.g. "2083-08-06" / "२०८३-०८-०६"; the input may be an ISO timestamp (UTC). */
export function formatBsShort(isoOrYmd: string, lang: Lang): string {
  try {
    let ad = parseYmd(isoOrYmd);
    if (isoOrYmd.length > 10) {
      const t = new Date(isoOrYmd);
      if (!Number.isNaN(t.getTime())) ad = todayAd(t);
    }
    return localDigits(formatYmd(adToBs(ad)), lang);
  } catch {
    return localDigits(isoOrYmd, lang);
  }
}

/** Local time "14:05" of an ISO instant ("" when it is none). */
export function timeOf(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}
