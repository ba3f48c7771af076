import { describe, expect, it } from 'vitest';
import {
  boundsOf,
  classIndex,
  districtStates,
  drawDistricts,
  fitMap,
  formatRate,
  formatStat,
  lastCompleteFiscalYear,
  MAP_LATITUDE,
  nextFiscalYear,
  pathOf,
  quantileClasses,
  recentFiscalYears,
  rowsOf,
  shadeOf,
  totalOf,
  valueLabel,
  type DistrictShapes,
  type StatsAnswer,
} from './lib';

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
  it('lists age bands from the youngest to the oldest, then unknown, whatever their values', () => {
    const rows = rowsOf(
      answer([
        { age_band: '*', value: 90, suppressed: false },
        { age_band: 'unknown', value: 30, suppressed: false },
        { age_band: '48+', value: 12, suppressed: false },
        { age_band: '9-17', value: null, suppressed: true },
        { age_band: '18-20', value: 25, suppressed: false },
        { age_band: '30-38', value: 11, suppressed: false },
        { age_band: '0-8', value: null, suppressed: true },
      ]),
      'age_band',
    );
    expect(rows.map((r) => r.code)).toEqual(['0-8', '9-17', '18-20', '30-38', '48+', 'unknown', '*']);
  });
  it('keeps a value it does not know after the ordered ones, largest first', () => {
    const rows = rowsOf(
      answer([
        { stage: 'convicted', value: 11, suppressed: false },
        { stage: 'withdrawn', value: 5, suppressed: false },
        { stage: 'suspected', value: 40, suppressed: false },
        { stage: 'absconded', value: 8, suppressed: false },
      ]),
      'stage',
    );
    expect(rows.map((r) => r.code)).toEqual(['suspected', 'convicted', 'absconded', 'withdrawn']);
  });
  it('lists other breakdowns, such as closure outcomes, by value', () => {
    const rows = rowsOf(
      answer([
        { outcome: 'lost_contact', value: 12, suppressed: false },
        { outcome: 'reintegrated_family', value: 30, suppressed: false },
        { outcome: 'unknown', value: null, suppressed: true },
      ]),
      'outcome',
    );
    expect(rows.map((r) => r.code)).toEqual(['reintegrated_family', 'lost_contact', 'unknown']);
  });
});

describe('labels of values', () => {
  const outcomes = [
    { code: 'reintegrated_family', label_en: 'Reintegrated with family', label_ne: 'परिवारमा पुनर्मिलन भएको' },
    { code: 'lost_contact', label_en: 'Contact lost', label_ne: 'सम्पर्क टुटेको' },
  ];
  const from = {
    lists: { closure_outcome: outcomes },
    units: [{ code: '708', name_en: 'Kailali', name_ne: 'कैलाली' }],
  };
  it('name closure outcomes from their code list, in either language', () => {
    expect(valueLabel('en', 'outcome', 'reintegrated_family', 'cases_closed', from)).toBe('Reintegrated with family');
    expect(valueLabel('ne', 'outcome', 'lost_contact', 'cases_closed', from)).toBe('सम्पर्क टुटेको');
    // A closure that gave none, and the total.
    expect(valueLabel('en', 'outcome', 'unknown', 'cases_closed', from)).toBe('No outcome recorded');
    expect(valueLabel('ne', 'outcome', 'unknown', 'cases_closed', from)).toBe('नतिजा उल्लेख नगरिएको');
    expect(valueLabel('ne', 'outcome', '*', 'cases_closed', from)).toBe('जम्मा');
    // Before (or without) the list: the code itself.
    expect(valueLabel('en', 'outcome', 'deceased', 'cases_closed', { lists: {}, units: [] })).toBe('deceased');
  });
  it('write age bands with the language digits, and name places and other unknowns', () => {
    expect(valueLabel('en', 'age_band', '18-20', 'survivors_identified', from)).toBe('18-20');
    expect(valueLabel('ne', 'age_band', '48+', 'survivors_identified', from)).toBe('४८+');
    expect(valueLabel('ne', 'age_band', 'unknown', 'survivors_identified', from)).toBe('अज्ञात');
    expect(valueLabel('ne', 'district', '708', 'survivors_identified', from)).toBe('कैलाली');
    expect(valueLabel('en', 'verdict', 'convicted', 'justice_persons', from)).toBe('Convicted');
  });
});

describe('rates and units', () => {
  it('carries rates per 100,000 on the rows that have them', () => {
    const rows = rowsOf(
      answer([
        { district: '*', province: '*', value: 50, rate_per_100k: 0.2, suppressed: false },
        { district: '*', province: '3', value: 50, rate_per_100k: 0.8, suppressed: false },
        { district: '306', province: '3', value: 38, rate_per_100k: 1.9, suppressed: false },
        { district: '303', province: '3', value: null, suppressed: true },
      ]),
      'district',
    );
    expect(rows.map((r) => [r.code, r.value, r.rate])).toEqual([
      ['306', 38, 1.9],
      ['303', null, null],
      ['*', 50, 0.2],
    ]);
    // A total that carries a rate is still the total.
    expect(totalOf(answer([{ district: '*', province: '*', value: 50, rate_per_100k: 0.2, suppressed: false }]))).toBe(50);
  });

  it('keeps the stages of a prosecution in their order', () => {
    const rows = rowsOf(
      answer([
        { stage: '*', value: 90, suppressed: false },
        { stage: 'convicted', value: 20, suppressed: false },
        { stage: 'suspected', value: 90, suppressed: false },
        { stage: 'prosecuted', value: 40, suppressed: false },
        { stage: 'arrested', value: 60, suppressed: false },
      ]),
      'stage',
    );
    expect(rows.map((r) => r.code)).toEqual(['suspected', 'arrested', 'prosecuted', 'convicted', '*']);
  });

  it('writes values for their unit, in either language', () => {
    expect(formatStat(1234567, 'survivors', 'en')).toBe('12,34,567');
    expect(formatStat(1234567, 'survivors', 'ne')).toBe('१२,३४,५६७');
    expect(formatStat(63, 'percent', 'en')).toBe('63%');
    expect(formatStat(63, 'percent', 'ne')).toBe('६३%');
    expect(formatStat(250000, 'NPR', 'en')).toBe('Rs 2,50,000');
    expect(formatStat(250000, 'NPR', 'ne')).toBe('रु २,५०,०००');
    expect(formatStat(36.5, 'hours', 'en')).toBe('36.5');
    expect(formatRate(45, 'en')).toBe('45.0');
    expect(formatRate(7.25, 'ne')).toMatch(/^७\.[२३]$/);
    expect(formatRate(1234.5, 'en')).toBe('1,234.5');
  });
});

// Two square "districts" side by side and a two-part one below them, in lon/lat.
const square = (lon: number, lat: number, size = 1) => [
  [lon, lat],
  [lon + size, lat],
  [lon + size, lat + size],
  [lon, lat + size],
  [lon, lat],
];
const shapes: DistrictShapes = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { district_code: '101', name_en: 'West', province_code: '1' }, geometry: { type: 'Polygon', coordinates: [square(80, 29)] } },
    { type: 'Feature', properties: { district_code: '102', name_en: 'East', province_code: '1' }, geometry: { type: 'Polygon', coordinates: [square(81, 29)] } },
    {
      type: 'Feature',
      properties: { district_code: '201', name_en: 'South', province_code: '2' },
      geometry: { type: 'MultiPolygon', coordinates: [[square(80, 28)], [square(81.5, 28, 0.5)]] },
    },
  ],
};

describe('the district map', () => {
  it('finds the bounds of every ring', () => {
    expect(boundsOf(shapes)).toEqual({ minLon: 80, minLat: 28, maxLon: 82, maxLat: 30 });
  });

  it('fits the projection to the view box, longitude shrunk by cos 28°', () => {
    const frame = fitMap(boundsOf(shapes), 1000, 10);
    const k = Math.cos((MAP_LATITUDE * Math.PI) / 180);
    expect(frame.width).toBe(1000);
    // 2° of longitude become 980 units, so 2° of latitude become 980 / cos 28°.
    expect(frame.height).toBeCloseTo(980 / k + 20, 6);
    expect(frame.project(80, 30)).toEqual([10, 10]); // north-west corner
    const [x, y] = frame.project(82, 28); // south-east corner
    expect(x).toBeCloseTo(990, 6);
    expect(y).toBeCloseTo(frame.height - 10, 6);
    // North is up: a point further north has a smaller y.
    expect(frame.project(81, 29.5)[1]).toBeLessThan(frame.project(81, 28.5)[1]);
  });

  it('draws each ring as a closed path inside the view box', () => {
    const { frame, districts } = drawDistricts(shapes, 400, 4);
    expect(districts.map((d) => d.code)).toEqual(['101', '102', '201']);
    const west = districts[0]!.d;
    expect(west).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){3}Z$/); // four corners, the repeated first point dropped
    expect(districts[2]!.d.match(/M/g)).toHaveLength(2); // a MultiPolygon keeps both parts
    for (const d of districts) {
      for (const [, xs, ys] of d.d.matchAll(/([\d.]+),([\d.]+)/g)) {
        expect(Number(xs)).toBeGreaterThanOrEqual(4 - 0.05);
        expect(Number(xs)).toBeLessThanOrEqual(frame.width - 4 + 0.05);
        expect(Number(ys)).toBeGreaterThanOrEqual(4 - 0.05);
        expect(Number(ys)).toBeLessThanOrEqual(frame.height - 4 + 0.05);
      }
    }
  });

  it('drops points that round onto the one before, and rings too small to draw', () => {
    const project = (lon: number, lat: number): [number, number] => [lon, lat];
    const d = pathOf({ type: 'Polygon', coordinates: [[[0, 0], [0.01, 0.01], [10, 0], [10, 10], [0, 0]]] }, project);
    expect(d).toBe('M0,0L10,0L10,10Z');
    expect(pathOf({ type: 'Polygon', coordinates: [[[0, 0], [0.01, 0], [0, 0.01], [0, 0]]] }, project)).toBe('');
  });
});

describe('classes of the map', () => {
  it('splits values into at most five quantile classes that cover them all', () => {
    const values = [19, 21, 21, 27, 21, 26, 21, 23, 19, 16, 22, 19, 28];
    const classes = quantileClasses(values);
    expect(classes.length).toBeLessThanOrEqual(5);
    expect(classes.length).toBeGreaterThanOrEqual(3);
    // Ascending and without overlap.
    for (let i = 1; i < classes.length; i++) expect(classes[i]!.min).toBeGreaterThan(classes[i - 1]!.max);
    expect(classes[0]!.min).toBe(16);
    expect(classes[classes.length - 1]!.max).toBe(28);
    // Every value falls in a class that holds it; equal values share one.
    for (const v of values) {
      const c = classes[classIndex(v, classes)]!;
      expect(v).toBeGreaterThanOrEqual(c.min);
      expect(v).toBeLessThanOrEqual(c.max);
    }
  });

  it('balances the classes of evenly spread values', () => {
    const classes = quantileClasses([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(classes).toEqual([
      { min: 1, max: 2 },
      { min: 3, max: 4 },
      { min: 5, max: 6 },
      { min: 7, max: 8 },
      { min: 9, max: 10 },
    ]);
    expect(quantileClasses([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 3).map((c) => c.max)).toEqual([4, 7, 10]);
  });

  it('gives few values a class each, and leaves zero out', () => {
    expect(quantileClasses([0, 12, 12, 40])).toEqual([
      { min: 12, max: 12 },
      { min: 40, max: 40 },
    ]);
    expect(quantileClasses([0, 0])).toEqual([]);
    expect(quantileClasses([])).toEqual([]);
    expect(classIndex(0, quantileClasses([3, 4]))).toBe(-1);
    expect(classIndex(5, quantileClasses([3, 4]))).toBe(-1);
    expect(quantileClasses([0.9, 45, 7.2, 8.3])).toHaveLength(4);
  });

  it('spreads the shades of fewer classes from light to dark', () => {
    expect([0, 1, 2, 3, 4].map((i) => shadeOf(i, 5))).toEqual([0, 1, 2, 3, 4]);
    expect([0, 1].map((i) => shadeOf(i, 2))).toEqual([0, 4]);
    expect([0, 1, 2].map((i) => shadeOf(i, 3))).toEqual([0, 2, 4]);
    expect(shadeOf(0, 1)).toBe(2);
  });
});

describe("each district's state", () => {
  const districts = [
    { code: '306', province: '3' },
    { code: '303', province: '3' },
    { code: '304', province: '3' },
    { code: '708', province: '7' },
  ];
  const cells: StatsAnswer['cells'] = [
    { district: '*', province: '*', value: 60, suppressed: false },
    { district: '*', province: '3', value: 60, suppressed: false },
    { district: '306', province: '3', value: 48, rate_per_100k: 2.4, suppressed: false },
    { district: '303', province: '3', value: null, suppressed: true },
    { district: 'unknown', province: 'unknown', value: null, suppressed: true },
  ];

  it('is its released value, hidden, or nothing counted', () => {
    const states = districtStates(answer(cells), districts);
    expect(states.get('306')).toEqual({ kind: 'value', value: 48, rate: 2.4 });
    expect(states.get('303')).toEqual({ kind: 'hidden' });
    expect(states.get('304')).toEqual({ kind: 'none' });
    expect(states.get('708')).toEqual({ kind: 'none' });
    expect(states.size).toBe(4);
  });

  it("is outside the area of a committee's answer", () => {
    const province = districtStates({ ...answer(cells), province: '3' }, districts);
    expect(province.get('708')).toEqual({ kind: 'outside' });
    expect(province.get('304')).toEqual({ kind: 'none' });
    const district = districtStates({ ...answer(cells.slice(2, 3)), district: '306' }, districts);
    expect([...district.values()].map((s) => s.kind)).toEqual(['value', 'outside', 'outside', 'outside']);
    const local = districtStates({ ...answer([]), local_level: '30601' }, districts);
    expect([...local.values()].map((s) => s.kind)).toEqual(['none', 'outside', 'outside', 'outside']);
    // A local level's own figure is its answer's total, drawn in its district.
    const counted = districtStates({ ...answer([{ district: '*', province: '*', value: 14, suppressed: false }]), local_level: '30601' }, districts);
    expect(counted.get('306')).toEqual({ kind: 'value', value: 14, rate: null });
    expect(counted.get('303')).toEqual({ kind: 'outside' });
  });
});
