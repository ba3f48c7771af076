// Pure helpers of the service directory: opening hours (Nepal time), capacity, names in the UI's language,
// pages, and the checks of the editor's schedule rows. No JSX here, so it is tested with Vitest.
import type { DirService, Schedule, TaxonomyTerm } from '../api';
import { localDigits, type Lang } from '../lib/bs';
import { asciiDigits } from '../lib/forms';

/** Days of the week as the API writes them, in Nepal's week order (Sunday first; Saturday is the day off). */
export const DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
export type Day = (typeof DAYS)[number];

/** Nepal Standard Time is UTC+05:45. */
const NEPAL_OFFSET_MINUTES = 345;

/** "10:00" → 600; "24:00" → 1440; null when it is no time of day. */
export function minutesOf(hhmm: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(asciiDigits(hhmm).trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return null;
  return h * 60 + min;
}

/** Is "00:00"–"24:00" (round the clock)? */
export function roundTheClock(s: Schedule): boolean {
  return minutesOf(s.opens_at) === 0 && minutesOf(s.closes_at) === 1440;
}

/** Day of the week and minute of the day in Nepal at an instant. */
export function nepalTime(now: Date): { day: Day; minute: number } {
  const t = new Date(now.getTime() + NEPAL_OFFSET_MINUTES * 60_000);
  return { day: DAYS[t.getUTCDay()]!, minute: t.getUTCHours() * 60 + t.getUTCMinutes() };
}

/**
 * Open at an instant by these schedules (Nepal time)? A schedule that closes at or before it opens runs past
 * midnight into the next day.
 */
export function isOpenAt(schedules: readonly Schedule[], now: Date): boolean {
  const { day, minute } = nepalTime(now);
  const yesterday = DAYS[(DAYS.indexOf(day) + 6) % 7]!;
  return schedules.some((s) => {
    const opens = minutesOf(s.opens_at);
    const closes = minutesOf(s.closes_at);
    if (opens === null || closes === null) return false;
    if (closes > opens) return s.days.includes(day) && minute >= opens && minute < closes;
    // Overnight: from opens on a listed day to closes on the next day.
    return (s.days.includes(day) && minute >= opens) || (s.days.includes(yesterday) && minute < closes);
  });
}

/** Runs of consecutive days in week order ("SU".."FR" → [["SU","FR"]]); a run may wrap from Saturday to Sunday. */
export function dayRuns(days: readonly string[]): [Day, Day][] {
  const on = DAYS.map((d) => days.includes(d));
  if (on.every(Boolean)) return [['SU', 'SA']];
  const runs: [number, number][] = [];
  for (let i = 0; i < 7; i++) {
    if (!on[i]) continue;
    const last = runs[runs.length - 1];
    if (last && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  }
  // Friday–Saturday and Sunday–Monday are one run over the weekend: Friday–Monday.
  if (runs.length > 1 && runs[0]![0] === 0 && runs[runs.length - 1]![1] === 6) {
    const first = runs.shift()!;
    runs[runs.length - 1]![1] = first[1];
  }
  return runs.map(([a, b]) => [DAYS[a]!, DAYS[b]!]);
}

/** "Sun–Fri", "Mon, Wed", "Every day" with the given day names. */
export function formatDays(days: readonly string[], name: (d: Day) => string, everyDay: string): string {
  if (DAYS.every((d) => days.includes(d))) return everyDay;
  return dayRuns(days)
    .map(([a, b]) => (a === b ? name(a) : `${name(a)}–${name(b)}`))
    .join(', ');
}

/** "10:00–17:00" in the language's digits, or the words for round the clock. */
export function formatHours(s: Schedule, lang: Lang, allDay: string): string {
  if (roundTheClock(s)) return allDay;
  return localDigits(`${s.opens_at}–${s.closes_at}`, lang);
}

/** The service's name in the UI's language when it has one. */
export function serviceName(s: Pick<DirService, 'name' | 'name_ne'>, lang: Lang): string {
  return lang === 'ne' && s.name_ne ? s.name_ne : s.name;
}

/** The description in the UI's language when it has one, else the other. */
export function serviceDescription(s: Pick<DirService, 'description' | 'description_ne'>, lang: Lang): string {
  return (lang === 'ne' ? s.description_ne || s.description : s.description || s.description_ne) ?? '';
}

export function taxonomyLabel(terms: readonly TaxonomyTerm[], code: string, lang: Lang): string {
  const term = terms.find((x) => x.code === code);
  if (!term) return code;
  return (lang === 'ne' ? term.label_ne || term.label_en : term.label_en) || code;
}

/** Terms in tree order: each parent followed by its children, with the depth for indenting. */
export function taxonomyTree(terms: readonly TaxonomyTerm[]): { term: TaxonomyTerm; depth: number }[] {
  const out: { term: TaxonomyTerm; depth: number }[] = [];
  const codes = new Set(terms.map((x) => x.code));
  const walk = (parent: string, depth: number) => {
    for (const term of terms) {
      const p = term.parent && codes.has(term.parent) ? term.parent : '';
      if (p === parent && term.code !== parent) {
        out.push({ term, depth });
        if (depth < 5) walk(term.code, depth + 1);
      }
    }
  };
  walk('', 0);
  return out;
}

/** Pages of a search: how many, and whether there is a previous/next one. */
export function pages(total: number, page: number, perPage: number): { count: number; prev: boolean; next: boolean } {
  const count = Math.max(1, Math.ceil(total / Math.max(1, perPage)));
  return { count, prev: page > 1, next: page < count };
}

export type ScheduleError = 'dir.err.days' | 'dir.err.time';

/** Checks one schedule row of the editor; null when it is fine. */
export function scheduleError(s: Schedule): ScheduleError | null {
  if (s.days.length === 0) return 'dir.err.days';
  const opens = minutesOf(s.opens_at);
  const closes = minutesOf(s.closes_at);
  if (opens === null || closes === null || opens === 1440 || opens === closes) return 'dir.err.time';
  return null;
}

/** "9:00" → "09:00" (and Devanagari digits → ASCII), as the API wants it. */
export function normaliseTime(s: string): string {
  const m = minutesOf(s);
  if (m === null) return asciiDigits(s).trim();
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** A decimal number typed as text (coordinates), or null; undefined when it is no number. */
export function parseDecimal(s: string): number | null | undefined {
  const t = asciiDigits(s).trim();
  if (!t) return null;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : undefined;
}
