// Pure helpers for the statistics screens: fiscal years to offer, released cells as rows, labels of their values.
import type { CodeItem, GeoUnit } from '../api';
import { translate, translateDynamic } from '../i18n';
import { adToBs, fiscalYear, localDigits, todayAd, type Lang } from '../lib/bs';
import { codeLabel, geoName } from '../refdata';

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
  /** Per 100,000 people (2021 census), where the server gives one: counts of survivors by place only. */
  rate: number | null;
  total: boolean;
}

/**
 * Values of a breakdown that have an order of their own: a person goes from suspected to convicted, age bands
 * (CTDC's, as the server's case facts keep them) go from the youngest to the oldest, then unknown.
 */
export const ORDERED_VALUES: Record<string, string[]> = {
  stage: ['suspected', 'arrested', 'prosecuted', 'convicted', 'acquitted'],
  age_band: ['0-8', '9-17', '18-20', '21-23', '24-26', '27-29', '30-38', '39-47', '48+', 'unknown'],
};

/**
 * The rows of a one-breakdown answer: one per value of `dimension` (cells whose other breakdowns are
 * totals), the largest first (or in the values' own order, `ORDERED_VALUES`, any value it does not know
 * after those, largest first), the total last. A district answer also carries province subtotals, which are
 * left out when `dimension` is "district".
 */
export function rowsOf(answer: StatsAnswer, dimension: string | null): Row[] {
  const rows: Row[] = [];
  let total: Row | null = null;
  const rateOf = (c: StatsCell) => (typeof c.rate_per_100k === 'number' && !c.suppressed ? c.rate_per_100k : null);
  for (const c of answer.cells) {
    if (dimension === null) {
      total = { code: '*', value: c.suppressed ? null : c.value, rate: rateOf(c), total: true };
      continue;
    }
    const code = String(c[dimension] ?? '*');
    if (dimension === 'district' && code === '*' && c.province !== '*') continue;
    const row = { code, value: c.suppressed ? null : c.value, rate: rateOf(c), total: code === '*' };
    if (row.total) total = row;
    else rows.push(row);
  }
  const order = dimension ? ORDERED_VALUES[dimension] : undefined;
  const rank = (code: string) => {
    const i = order ? order.indexOf(code) : -1;
    return i < 0 ? (order?.length ?? 0) : i;
  };
  rows.sort((a, b) => rank(a.code) - rank(b.code) || (b.value ?? -1) - (a.value ?? -1));
  return total ? [...rows, total] : rows;
}

/** Breakdowns whose values are codes of a server code list (labels in both languages come with the list). */
export const DIMENSION_LISTS: Record<string, string> = {
  sex: 'sex',
  exploitation_type: 'exploitation_type',
  service_type: 'support_type',
  identification_source: 'identification_source',
  trafficking_status: 'trafficking_status',
  outcome: 'closure_outcome',
};

/** What labels a breakdown's values: the code lists (by list name) and the provinces and districts. */
export interface LabelSources {
  lists: Record<string, CodeItem[] | undefined>;
  units: GeoUnit[];
}

/**
 * The label of one value of a breakdown of `indicator`, in the UI language: "*" is the total, places are
 * named, code list values take the list's label (or ours), age bands are written with the language's digits.
 */
export function valueLabel(lang: Lang, dimension: string, code: string, indicator: string | undefined, from: LabelSources): string {
  if (code === '*') return translate(lang, 'stats.total');
  // A closure that gave no outcome.
  if (code === 'unknown') return translate(lang, dimension === 'outcome' ? 'stats.outcomeUnknown' : 'stats.unknown');
  if (dimension === 'province' || dimension === 'district' || dimension === 'origin_district') {
    const unit = from.units.find((u) => u.code === code);
    return unit ? geoName(lang, unit) : code;
  }
  const list = DIMENSION_LISTS[dimension];
  if (list) return codeLabel(lang, list, code, from.lists[list]);
  const plain = code.replace(/_/g, ' ');
  if (dimension === 'age_band') return localDigits(code, lang);
  if (dimension === 'law') return translateDynamic(lang, `law.${code}`, plain);
  if (dimension === 'verdict') return translateDynamic(lang, `verdict.${code}`, plain);
  if (dimension === 'stage') {
    // Persons in justice records go from suspected to convicted; open cases are at a workflow stage.
    if (indicator === 'justice_persons') return translateDynamic(lang, `justiceStage.${code}`, plain);
    return codeLabel(lang, 'cl.workflow_stage', code, from.lists.workflow_stage);
  }
  if (dimension === 'status') {
    if (indicator === 'cases_closed') return codeLabel(lang, 'cl.case_status', code, from.lists.case_status);
    return translateDynamic(lang, `refStatus.${code}`, plain);
  }
  return plain;
}

/** The answer's overall total, or null when it is hidden. */
export function totalOf(answer: StatsAnswer): number | null {
  const all = answer.cells.find((c) =>
    Object.entries(c).every(([k, v]) => k === 'value' || k === 'suppressed' || k === 'rate_per_100k' || v === '*'),
  );
  return all && !all.suppressed ? all.value : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Values by unit

/** Digits in the UI language (Devanagari for Nepali), as the i18n `n()` writes them. */
const digits = (s: string, lang: Lang) => localDigits(s, lang);

/** A number with Indian grouping ("1,23,456"), optionally with a fixed number of decimals. */
export function grouped(value: number, decimals = 0): string {
  return value.toLocaleString('en-IN', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/**
 * A released value written for its indicator's unit: "45%" for percent, "Rs 1,23,000" / "रु १,२३,०००" for
 * rupees, grouped digits otherwise (medians keep up to one decimal).
 */
export function formatStat(value: number, unit: string, lang: Lang): string {
  if (unit === 'percent') return digits(`${grouped(value)}%`, lang);
  if (unit === 'NPR') return digits(`${lang === 'ne' ? 'रु' : 'Rs'} ${grouped(value)}`, lang);
  return digits(Number.isInteger(value) ? grouped(value) : value.toLocaleString('en-IN', { maximumFractionDigits: 1 }), lang);
}

/** A rate per 100,000 people, always with one decimal ("7.2", "४५.०"). */
export function formatRate(rate: number, lang: Lang): string {
  return digits(grouped(rate, 1), lang);
}

// ---------------------------------------------------------------------------------------------------------------
// The district map: geometry

export interface DistrictProperties {
  district_code: string;
  name_en: string;
  province_code: string;
}

export type Geometry =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface DistrictFeature {
  type: 'Feature';
  properties: DistrictProperties;
  geometry: Geometry;
}

export interface DistrictShapes {
  type: 'FeatureCollection';
  features: DistrictFeature[];
}

/** The parallel whose scale the map keeps: Nepal lies between about 26.3° and 30.5° north. */
export const MAP_LATITUDE = 28;

export interface Bounds {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

const polygonsOf = (g: Geometry): number[][][][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);

/** The smallest lon/lat box holding every ring of every feature. */
export function boundsOf(shapes: DistrictShapes): Bounds {
  const b: Bounds = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  for (const f of shapes.features) {
    for (const polygon of polygonsOf(f.geometry)) {
      for (const ring of polygon) {
        for (const [lon, lat] of ring) {
          if (lon === undefined || lat === undefined) continue;
          if (lon < b.minLon) b.minLon = lon;
          if (lon > b.maxLon) b.maxLon = lon;
          if (lat < b.minLat) b.minLat = lat;
          if (lat > b.maxLat) b.maxLat = lat;
        }
      }
    }
  }
  return b;
}

export interface MapFrame {
  width: number;
  height: number;
  /** lon/lat to viewBox x/y (y down). */
  project: (lon: number, lat: number) => [number, number];
}

/**
 * An equirectangular projection with longitude scaled by cos(28°), fitted to a viewBox `width` wide with
 * `padding` on every side; the height follows from the shapes' proportions.
 */
export function fitMap(bounds: Bounds, width: number, padding = 0): MapFrame {
  const k = Math.cos((MAP_LATITUDE * Math.PI) / 180);
  const spanX = Math.max((bounds.maxLon - bounds.minLon) * k, 1e-9);
  const spanY = Math.max(bounds.maxLat - bounds.minLat, 1e-9);
  const scale = (width - 2 * padding) / spanX;
  const height = spanY * scale + 2 * padding;
  return {
    width,
    height,
    project: (lon, lat) => [padding + (lon - bounds.minLon) * k * scale, padding + (bounds.maxLat - lat) * scale],
  };
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/**
 * SVG path data for a Polygon or MultiPolygon: one closed subpath per ring, coordinates to 0.1 of a viewBox
 * unit, points that round onto the one before left out.
 */
export function pathOf(geometry: Geometry, project: MapFrame['project']): string {
  const parts: string[] = [];
  for (const polygon of polygonsOf(geometry)) {
    for (const ring of polygon) {
      let last = '';
      const points: string[] = [];
      for (const [lon, lat] of ring) {
        if (lon === undefined || lat === undefined) continue;
        const [x, y] = project(lon, lat);
        const p = `${round1(x)},${round1(y)}`;
        if (p !== last) points.push(p);
        last = p;
      }
      if (points.length > 1 && points[points.length - 1] === points[0]) points.pop();
      if (points.length >= 3) parts.push(`M${points.join('L')}Z`);
    }
  }
  return parts.join('');
}

export interface DistrictShape {
  code: string;
  name_en: string;
  province: string;
  d: string;
}

/** Every district's path in a viewBox `width` wide, with the frame (for the viewBox height). */
export function drawDistricts(shapes: DistrictShapes, width: number, padding = 4): { frame: MapFrame; districts: DistrictShape[] } {
  const frame = fitMap(boundsOf(shapes), width, padding);
  const districts = shapes.features.map((f) => ({
    code: f.properties.district_code,
    name_en: f.properties.name_en,
    province: f.properties.province_code,
    d: pathOf(f.geometry, frame.project),
  }));
  return { frame, districts };
}

// ---------------------------------------------------------------------------------------------------------------
// The district map: values and classes

export type DistrictState =
  | { kind: 'value'; value: number; rate: number | null }
  | { kind: 'hidden' }
  | { kind: 'none' }
  | { kind: 'outside' };

/** Is a district outside the area the answer covers (a committee's province, district or local level)? */
export function outsideArea(answer: Pick<StatsAnswer, 'province' | 'district' | 'local_level'>, code: string, province: string): boolean {
  if (answer.local_level) return code !== answer.local_level.slice(0, 3);
  if (answer.district) return code !== answer.district;
  if (answer.province) return province !== answer.province;
  return false;
}

/**
 * What the map shows for each district of a by-district answer: its released value (and rate), hidden, none
 * (no cell: nobody counted, read as 0), or outside the caller's area. A local committee's answer is about its
 * local level alone: its total stands in the local level's district.
 */
export function districtStates(answer: StatsAnswer, districts: { code: string; province: string }[]): Map<string, DistrictState> {
  const cells = new Map<string, StatsCell>();
  for (const c of answer.cells) {
    const code = c.district;
    if (typeof code === 'string' && /^\d{3}$/.test(code)) cells.set(code, c);
  }
  if (answer.local_level) {
    const total = answer.cells.find((c) => c.district === '*' && (c.province ?? '*') === '*');
    const home = answer.local_level.slice(0, 3);
    if (total && !cells.has(home)) cells.set(home, total);
  }
  const out = new Map<string, DistrictState>();
  for (const { code, province } of districts) {
    const c = cells.get(code);
    let state: DistrictState;
    if (outsideArea(answer, code, province)) state = { kind: 'outside' };
    else if (!c) state = { kind: 'none' };
    else if (c.suppressed || c.value === null) state = { kind: 'hidden' };
    else state = { kind: 'value', value: c.value, rate: typeof c.rate_per_100k === 'number' ? c.rate_per_100k : null };
    out.set(code, state);
  }
  return out;
}

export interface ClassRange {
  min: number;
  max: number;
}

/**
 * Quantile classes (at most `count`) of the positive values: each class holds about as many values as the next,
 * equal values always share a class, and each class runs from its smallest to its largest value. Fewer distinct
 * values than classes give one class per value.
 */
export function quantileClasses(values: number[], count = 5): ClassRange[] {
  const v = values.filter((x) => Number.isFinite(x) && x > 0).sort((a, b) => a - b);
  if (v.length === 0 || count < 1) return [];
  const distinct = [...new Set(v)];
  if (distinct.length <= count) return distinct.map((x) => ({ min: x, max: x }));
  const uppers: number[] = [];
  for (let i = 1; i <= count; i++) {
    const upper = v[Math.ceil((i * v.length) / count) - 1]!;
    if (uppers[uppers.length - 1] !== upper) uppers.push(upper);
  }
  const classes: ClassRange[] = [];
  let from = 0;
  for (const upper of uppers) {
    const members = v.slice(from).filter((x) => x <= upper);
    if (members.length === 0) continue;
    classes.push({ min: members[0]!, max: upper });
    from += members.length;
  }
  return classes;
}

/** The class a value falls in (-1 for zero, or a value beyond every class). */
export function classIndex(value: number, classes: ClassRange[]): number {
  if (!(value > 0)) return -1;
  return classes.findIndex((c) => value <= c.max);
}

/** Which of `shades` colours each of `count` classes takes: spread from the lightest to the darkest. */
export function shadeOf(index: number, count: number, shades = 5): number {
  if (count <= 1) return Math.floor(shades / 2);
  return Math.round((index * (shades - 1)) / (count - 1));
}
