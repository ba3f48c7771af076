// Pure helpers for the statistics screens: fiscal years to offer, and released cells as rows.
import { adToBs, fiscalYear, todayAd } from '../lib/bs';

export interface StatsCell {
  value: number | null;
  suppressed: boolean;
  [dimension: string]: string | number | boolean | null;
}

export interface StatsAnswer {
  indicator: string;
  title_en: string;
  title_ne: string;
  unit: string;
  fiscal_year: string | null;
  k: number;
  rounding: number;
  province: string | null;
  district: string | null;
  local_level: string | null;
  cells: StatsCell[];
  notes: string[];
}

export interface Indicator {
  id: string;
  title_en: string;
  title_ne: string;
  definition: string;
  unit: string;
  dimensions: string[];
}

/** "2081/82" -> "2082/83". */
export function nextFiscalYear(fy: string): string {
  const start = Number(fy.slice(0, 4)) + 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

/** The current fiscal year and the `count` before it, newest first. */
export function recentFiscalYears(count: number, now: Date = new Date()): string[] {
  const current = fiscalYear(adToBs(todayAd(now)));
  const start = Number(current.slice(0, 4));
  const out: string[] = [];
  for (let y = start; y > start - count; y--) out.push(`${y}/${String((y + 1) % 100).padStart(2, '0')}`);
  return out;
}

/** The last fiscal year that has ended: what reports and public figures default to. */
export function lastCompleteFiscalYear(now: Date = new Date()): string {
  return recentFiscalYears(2, now)[1] ?? recentFiscalYears(1, now)[0] ?? "";
}

export interface Row {
  code: string;
  value: number | null;
  total: boolean;
}

/**
 * The rows of a one-breakdown answer: one per value of `dimension` (cells whose other breakdowns are
 * totals), the total last. A district answer also carries province subtotals, which are left out when
 * `dimension` is "district".
 */
export function rowsOf(answer: StatsAnswer, dimension: string | null): Row[] {
  const rows: Row[] = [];
  let total: Row | null = null;
  for (const c of answer.cells) {
    if (dimension === null) {
      total = { code: '*', value: c.value, total: true };
      continue;
    }
    const code = String(c[dimension] ?? '*');
    if (dimension === 'district' && code === '*' && c.province !== '*') continue;
    const row = { code, value: c.suppressed ? null : c.value, total: code === '*' };
    if (row.total) total = row;
    else rows.push(row);
  }
  rows.sort((a, b) => (b.value ?? -1) - (a.value ?? -1));
  return total ? [...rows, total] : rows;
}

/** The answer's overall total, or null when it is hidden. */
export function totalOf(answer: StatsAnswer): number | null {
  const all = answer.cells.find((c) => Object.entries(c).every(([k, v]) => k === 'value' || k === 'suppressed' || v === '*'));
  return all && !all.suppressed ? all.value : null;
}
