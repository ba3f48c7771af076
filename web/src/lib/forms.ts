// Declarative forms for the case screens: a form is a list of field specs over an API object. The form state
// (a "draft") is flat, keyed by each field's dotted path, and holds what the user typed: BS date text, numbers as
// text. toPayload turns a draft back into API JSON (AD dates plus precision), diffPayload keeps what changed (for
// PATCH), validate and matchErrors give messages per field. No JSX here, so it is tested with Vitest.

import type { MessageKey } from '../i18n';
import { adToBs, bsMonthDays, bsToAd, formatYmd, parseYmd } from './bs';
import { BS_FIRST_YEAR, BS_MONTH_DAYS } from './bs-table';

export type Precision = 'day' | 'month' | 'year' | 'unknown';

export type FieldKind =
  | 'text'
  | 'tel'
  | 'textarea'
  | 'number'
  | 'date'
  | 'bool'
  | 'select'
  | 'multi'
  | 'list'
  | 'lines'
  | 'country'
  | 'district'
  | 'localLevel'
  | 'org'
  | 'checklist'
  | 'suspects'
  | 'hearings';

export interface FieldSpec {
  /** Dotted path in the API object, e.g. "given_name" or "guardian.phone". */
  path: string;
  kind: FieldKind;
  label: MessageKey;
  hint?: MessageKey;
  required?: boolean;
  /** select / multi: the server's code list and the built-in codes used until it answers. */
  list?: string;
  codes?: readonly string[];
  /** select / multi: choices made at run time (e.g. the directory's taxonomy), instead of list/codes. */
  options?: readonly { value: string; label: string }[];
  /** Translation prefix for codes ("evType" -> "evType.rescue"); code lists bring their own labels otherwise. */
  prefix?: string;
  /** date: path of the precision field; partial dates ("2083", "2083-08") are allowed only with one. */
  precision?: string;
  /** localLevel: path of the district field beside it (otherwise the field offers its own district choice). */
  district?: string;
  /** checklist: its boolean keys. */
  keys?: readonly string[];
  /** Shown (and sent) only when this holds. */
  when?: (draft: Draft) => boolean;
  /** Takes the whole row on wide screens. */
  wide?: boolean;
}

/** Where a person's prosecution stands; "" = not recorded. */
export type SuspectOutcome = '' | 'pending' | 'convicted' | 'acquitted';
export const SUSPECT_OUTCOMES = ['pending', 'convicted', 'acquitted'] as const;

export interface Suspect {
  name: string;
  role: string;
  arrested: boolean;
  /** A charge sheet was filed; a verdict (convicted, acquitted) implies it. */
  prosecuted: boolean;
  outcome: SuspectOutcome;
}

/** A new, empty suspect row. */
export const emptySuspect = (): Suspect => ({ name: '', role: '', arrested: false, prosecuted: false, outcome: '' });

/** A suspect of the API (name, role, arrested, prosecuted, outcome) as a form row. */
export function suspectFromApi(s: unknown): Suspect {
  const o = (s !== null && typeof s === 'object' ? s : {}) as Json;
  const outcome = (SUSPECT_OUTCOMES as readonly unknown[]).includes(o.outcome) ? (o.outcome as SuspectOutcome) : '';
  return {
    name: typeof o.name === 'string' ? o.name : '',
    role: typeof o.role === 'string' ? o.role : '',
    arrested: o.arrested === true,
    prosecuted: o.prosecuted === true || outcome === 'convicted' || outcome === 'acquitted',
    outcome,
  };
}

/**
 * A form row as the API's suspect: always a name (the server needs one, "" for a person not named), the role,
 * the flags only when true and the outcome only when chosen; null for a row left empty.
 */
export function suspectToApi(s: Suspect): Json | null {
  const name = s.name.trim();
  if (!name && !s.role && !s.arrested && !s.prosecuted && !s.outcome) return null;
  const out: Json = { name };
  if (s.role) out.role = s.role;
  if (s.arrested) out.arrested = true;
  if (s.prosecuted || s.outcome === 'convicted' || s.outcome === 'acquitted') out.prosecuted = true;
  if (s.outcome) out.outcome = s.outcome;
  return out;
}
export interface Hearing {
  date: string;
  note: string;
}

export type DraftValue = string | boolean | string[] | Record<string, boolean> | Suspect[] | Hearing[];
export type Draft = Record<string, DraftValue>;
export type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------------------
// Paths

export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Json)[part];
  }
  return cur;
}

export function setPath(obj: Json, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = obj;
  for (const part of parts.slice(0, -1)) {
    const next = cur[part];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) cur[part] = {};
    cur = cur[part] as Json;
  }
  cur[parts[parts.length - 1]!] = value;
}

// ---------------------------------------------------------------------------------------------------------------
// BS dates typed as text

/** Replaces Devanagari digits with ASCII ones. */
export function asciiDigits(s: string): string {
  return s.replace(/[०-९]/g, (c) => String(c.charCodeAt(0) - 0x0966));
}

export interface ParsedDate {
  ad: string;
  precision: Precision;
  /** The BS date as "YYYY", "YYYY-MM" or "YYYY-MM-DD". */
  bs: string;
}

/**
 * Parses a BS date typed as "2083-08-06", "२०८३/८/६", "2083 8 6", or partly ("2083-08", "2083").
 * A partial date stands for its first day, or with `end` for its last (for "opened until" filters).
 * Answers 'empty' for nothing typed and 'invalid' for text that is no BS date in the calendar table.
 */
export function parseBsText(text: string, end = false): ParsedDate | 'empty' | 'invalid' {
  const s = asciiDigits(text).trim();
  if (!s) return 'empty';
  const m = /^(\d{4})(?:[-/. ]+(\d{1,2})(?:[-/. ]+(\d{1,2}))?)?$/.exec(s);
  if (!m) return 'invalid';
  const year = Number(m[1]);
  if (year < BS_FIRST_YEAR || year >= BS_FIRST_YEAR + BS_MONTH_DAYS.length) return 'invalid';
  const precision: Precision = m[3] ? 'day' : m[2] ? 'month' : 'year';
  const month = m[2] ? Number(m[2]) : end ? 12 : 1;
  if (month < 1 || month > 12) return 'invalid';
  const last = bsMonthDays(year, month);
  const day = m[3] ? Number(m[3]) : end ? last : 1;
  if (day < 1 || day > last) return 'invalid';
  const pad = (n: number) => String(n).padStart(2, '0');
  const bs = precision === 'year' ? String(year) : precision === 'month' ? `${year}-${pad(month)}` : `${year}-${pad(month)}-${pad(day)}`;
  return { ad: formatYmd(bsToAd({ year, month, day })), precision, bs };
}

/** The BS text for an AD date of a given precision ("" when there is no date). */
export function bsTextFromAd(ad: unknown, precision?: unknown): string {
  if (typeof ad !== 'string' || !ad || precision === 'unknown') return '';
  try {
    const bs = formatYmd(adToBs(parseYmd(ad)));
    return precision === 'year' ? bs.slice(0, 4) : precision === 'month' ? bs.slice(0, 7) : bs;
  } catch {
    return '';
  }
}

/** Today (where the browser is) as BS text. */
export function todayBsText(now = new Date()): string {
  return formatYmd(adToBs({ year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() }));
}

/** Today as AD "YYYY-MM-DD". */
export function todayAdText(now = new Date()): string {
  return formatYmd({ year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() });
}

// ---------------------------------------------------------------------------------------------------------------
// Drafts and payloads

const visible = (spec: FieldSpec, draft: Draft) => !spec.when || spec.when(draft);

function emptyValue(spec: FieldSpec): DraftValue {
  switch (spec.kind) {
    case 'bool':
      return false;
    case 'multi':
    case 'suspects':
    case 'hearings':
      return [];
    case 'checklist':
      return Object.fromEntries((spec.keys ?? []).map((k) => [k, false]));
    default:
      return '';
  }
}

/** The form state for an API object (or an empty form without one). */
export function toDraft(specs: FieldSpec[], obj?: unknown): Draft {
  const draft: Draft = {};
  for (const spec of specs) {
    const v = obj === undefined ? undefined : getPath(obj, spec.path);
    if (v === undefined || v === null) {
      draft[spec.path] = emptyValue(spec);
      continue;
    }
    switch (spec.kind) {
      case 'bool':
        draft[spec.path] = v === true;
        break;
      case 'number':
        draft[spec.path] = typeof v === 'number' ? String(v) : String(v ?? '');
        break;
      case 'date':
        draft[spec.path] = bsTextFromAd(v, spec.precision ? getPath(obj, spec.precision) : 'day');
        break;
      case 'multi':
        draft[spec.path] = Array.isArray(v) ? v.map(String) : [];
        break;
      case 'list':
        draft[spec.path] = Array.isArray(v) ? v.join(', ') : String(v);
        break;
      case 'lines':
        draft[spec.path] = Array.isArray(v) ? v.join('\n') : String(v);
        break;
      case 'checklist': {
        const src = (typeof v === 'object' ? v : {}) as Json;
        draft[spec.path] = Object.fromEntries((spec.keys ?? []).map((k) => [k, src[k] === true]));
        break;
      }
      case 'suspects':
        draft[spec.path] = Array.isArray(v) ? v.map(suspectFromApi) : [];
        break;
      case 'hearings':
        draft[spec.path] = Array.isArray(v)
          ? v.map((h: Json) => ({ date: bsTextFromAd(h?.date, 'day'), note: String(h?.note ?? '') }))
          : [];
        break;
      default:
        draft[spec.path] = String(v);
    }
  }
  return draft;
}

const splitList = (s: string, sep: RegExp) =>
  s
    .split(sep)
    .map((x) => x.trim())
    .filter(Boolean);

function parseCount(s: string): number | null {
  const t = asciiDigits(s).trim();
  return /^\d+$/.test(t) ? Number(t) : null;
}

/**
 * API JSON for a draft. mode 'create' leaves out what is empty (and hidden fields); mode 'full' writes every
 * visible field, empty ones as "" / [] / null, which is what a PATCH needs to clear a value.
 */
export function toPayload(specs: FieldSpec[], draft: Draft, mode: 'create' | 'full' = 'create'): Json {
  const out: Json = {};
  const put = (path: string, value: unknown, empty: boolean) => {
    if (empty && mode === 'create') return;
    setPath(out, path, value);
  };
  for (const spec of specs) {
    if (!visible(spec, draft)) continue;
    const v = draft[spec.path] ?? emptyValue(spec);
    switch (spec.kind) {
      case 'bool':
        put(spec.path, v === true, false);
        break;
      case 'number': {
        const n = parseCount(String(v));
        put(spec.path, n, n === null);
        break;
      }
      case 'date': {
        const p = parseBsText(String(v));
        const ok = typeof p === 'object';
        put(spec.path, ok ? p.ad : '', !ok);
        if (spec.precision) put(spec.precision, ok ? p.precision : 'unknown', !ok);
        break;
      }
      case 'multi': {
        const a = v as string[];
        put(spec.path, [...a], a.length === 0);
        break;
      }
      case 'list': {
        const a = splitList(String(v), /[,;\n]/);
        put(spec.path, a, a.length === 0);
        break;
      }
      case 'lines': {
        const a = splitList(String(v), /\n/);
        put(spec.path, a, a.length === 0);
        break;
      }
      case 'checklist':
        put(spec.path, { ...(v as Record<string, boolean>) }, false);
        break;
      case 'suspects': {
        const a = (v as Suspect[]).map(suspectToApi).filter((s): s is Json => s !== null);
        put(spec.path, a, a.length === 0);
        break;
      }
      case 'hearings': {
        const a = (v as Hearing[])
          .filter((h) => h.date.trim() || h.note.trim())
          .map((h) => {
            const p = parseBsText(h.date);
            return { date: typeof p === 'object' ? p.ad : '', note: h.note.trim() };
          });
        put(spec.path, a, a.length === 0);
        break;
      }
      default: {
        const s = String(v).trim();
        put(spec.path, s, s === '');
      }
    }
  }
  return out;
}

/** The top-level fields whose value differs between two drafts of the same form, as a PATCH body. */
export function diffPayload(specs: FieldSpec[], before: Draft, after: Draft): Json {
  const a = toPayload(specs, before, 'full');
  const b = toPayload(specs, after, 'full');
  const out: Json = {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (!(key in b)) continue; // hidden now: leave the stored value alone
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) out[key] = b[key];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Validation and the server's field errors

export type FieldErrors = Record<string, string>;
export type ErrorKey = 'form.required' | 'form.number' | 'form.date' | 'form.dateFull';

/** Client-side checks; messages are translation keys. */
export function validate(specs: FieldSpec[], draft: Draft): Record<string, ErrorKey> {
  const errors: Record<string, ErrorKey> = {};
  for (const spec of specs) {
    if (!visible(spec, draft)) continue;
    const v = draft[spec.path] ?? emptyValue(spec);
    const blank = Array.isArray(v) ? v.length === 0 : typeof v === 'string' ? v.trim() === '' : false;
    if (spec.required && blank) {
      errors[spec.path] = 'form.required';
      continue;
    }
    if (spec.kind === 'number' && !blank && parseCount(String(v)) === null) errors[spec.path] = 'form.number';
    if (spec.kind === 'date' && !blank) {
      const p = parseBsText(String(v));
      if (p === 'invalid') errors[spec.path] = 'form.date';
      else if (typeof p === 'object' && p.precision !== 'day' && !spec.precision) errors[spec.path] = 'form.dateFull';
    }
    if (spec.kind === 'hearings') {
      (v as Hearing[]).forEach((h, i) => {
        const p = parseBsText(h.date);
        if (p === 'invalid' || (typeof p === 'object' && p.precision !== 'day')) errors[`${spec.path}.${i}.date`] = 'form.date';
        else if (p === 'empty' && h.note.trim()) errors[`${spec.path}.${i}.date`] = 'form.required';
      });
    }
  }
  return errors;
}

export interface ProblemField {
  field: string;
  message: string;
}

/**
 * Sorts the server's field errors ("person.given_name", "victim_profile.exploitation_types[1]", "date") onto the
 * fields of a form whose object sits at `prefix` ("person"; "" for an item body). Errors of other prefixes are
 * left out; errors of this prefix that match no field come back as `other`.
 */
export function matchErrors(
  specs: FieldSpec[],
  errors: readonly ProblemField[] | undefined,
  prefix = '',
): { byPath: FieldErrors; other: ProblemField[] } {
  const byPath: FieldErrors = {};
  const other: ProblemField[] = [];
  for (const e of errors ?? []) {
    let field = e.field.replace(/\[(\d+)\]/g, '.$1');
    if (prefix) {
      if (!field.startsWith(prefix + '.')) continue;
      field = field.slice(prefix.length + 1);
    } else if (field.startsWith('body.')) {
      field = field.slice(5);
    }
    const spec =
      specs.find((s) => s.path === field || field.startsWith(s.path + '.')) ??
      specs.find((s) => s.precision === field);
    if (spec) byPath[spec.path] = byPath[spec.path] ? `${byPath[spec.path]} ${e.message}` : e.message;
    else other.push(e);
  }
  return { byPath, other };
}

/** Does any field error belong to this prefix ("person", "case", ...)? */
export function hasErrorsFor(errors: readonly ProblemField[] | undefined, prefix: string): boolean {
  return (errors ?? []).some((e) => e.field === prefix || e.field.startsWith(prefix + '.') || e.field.startsWith(prefix + '['));
}
