import { describe, expect, it } from 'vitest';
import {
  bsTextFromAd,
  diffPayload,
  matchErrors,
  parseBsText,
  toDraft,
  toPayload,
  validate,
  type FieldSpec,
  type Suspect,
} from './forms';

const PERSON: FieldSpec[] = [
  { path: 'given_name', kind: 'text', label: 'app.name' },
  { path: 'sex', kind: 'select', label: 'app.name', required: true },
  { path: 'birth_date', kind: 'date', label: 'app.name', precision: 'birth_precision' },
  { path: 'age_at_registration', kind: 'number', label: 'app.name' },
  { path: 'aliases', kind: 'list', label: 'app.name' },
  { path: 'languages', kind: 'multi', label: 'app.name' },
  { path: 'guardian.name', kind: 'text', label: 'app.name' },
  { path: 'guardian.phone', kind: 'tel', label: 'app.name' },
];

describe('BS date text', () => {
  it('parses full and partial dates, in either digits', () => {
    expect(parseBsText('2083-08-06')).toEqual({ ad: '2026-11-22', precision: 'day', bs: '2083-08-06' });
    expect(parseBsText('२०८३/८/६')).toEqual({ ad: '2026-11-22', precision: 'day', bs: '2083-08-06' });
    expect(parseBsText(' 2083 8 6 ')).toMatchObject({ ad: '2026-11-22' });
    expect(parseBsText('2083-08')).toMatchObject({ precision: 'month', bs: '2083-08' });
    expect(parseBsText('2082')).toEqual({ ad: '2025-04-14', precision: 'year', bs: '2082' });
  });

  it('gives the last day of a partial date for an end bound', () => {
    const end = parseBsText('2082', true);
    expect(end).toMatchObject({ precision: 'year' });
    // The last day of 2082 BS is the day before 1 Baisakh 2083 BS.
    const next = parseBsText('2083-01-01');
    if (typeof end !== 'object' || typeof next !== 'object') throw new Error('parse failed');
    expect(Date.parse(next.ad) - Date.parse(end.ad)).toBe(86_400_000);
  });

  it('rejects what is not a BS date', () => {
    expect(parseBsText('')).toBe('empty');
    expect(parseBsText('  ')).toBe('empty');
    expect(parseBsText('2083-13-01')).toBe('invalid');
    expect(parseBsText('2083-08-32')).toBe('invalid');
    expect(parseBsText('1999-01-01')).toBe('invalid');
    expect(parseBsText('22 Nov 2026')).toBe('invalid');
  });

  it('writes stored AD dates back as BS text of their precision', () => {
    expect(bsTextFromAd('2026-11-22', 'day')).toBe('2083-08-06');
    expect(bsTextFromAd('2026-11-22', 'month')).toBe('2083-08');
    expect(bsTextFromAd('2026-11-22', 'year')).toBe('2083');
    expect(bsTextFromAd('2026-11-22', 'unknown')).toBe('');
    expect(bsTextFromAd('', 'day')).toBe('');
    expect(bsTextFromAd(null)).toBe('');
  });
});

describe('drafts and payloads', () => {
  const stored = {
    given_name: 'Sita',
    sex: 'female',
    birth_date: '2026-11-22',
    birth_precision: 'month',
    age_at_registration: 17,
    aliases: ['Situ', 'Sita Maya'],
    languages: ['ne'],
    guardian: { name: 'Ram', phone: '' },
    display_name: 'Sita',
  };

  it('round-trips an API object', () => {
    const draft = toDraft(PERSON, stored);
    expect(draft['birth_date']).toBe('2083-08');
    expect(draft['age_at_registration']).toBe('17');
    expect(draft['aliases']).toBe('Situ, Sita Maya');
    expect(draft['guardian.name']).toBe('Ram');
    const out = toPayload(PERSON, draft);
    expect(out).toEqual({
      given_name: 'Sita',
      sex: 'female',
      birth_date: parseBsText('2083-08-01') !== 'invalid' && (parseBsText('2083-08-01') as { ad: string }).ad,
      birth_precision: 'month',
      age_at_registration: 17,
      aliases: ['Situ', 'Sita Maya'],
      languages: ['ne'],
      guardian: { name: 'Ram' },
    });
  });

  it('leaves empty fields out of a new object', () => {
    const draft = toDraft(PERSON);
    draft['given_name'] = '  Sita ';
    draft['sex'] = 'female';
    expect(toPayload(PERSON, draft)).toEqual({ given_name: 'Sita', sex: 'female' });
  });

  it('patches only what changed, clearing with empty values', () => {
    const before = toDraft(PERSON, stored);
    const after = { ...before, age_at_registration: '', 'guardian.phone': '98000 00000' };
    expect(diffPayload(PERSON, before, after)).toEqual({
      age_at_registration: null,
      guardian: { name: 'Ram', phone: '98000 00000' },
    });
    expect(diffPayload(PERSON, before, { ...before })).toEqual({});
    const birth = diffPayload(PERSON, before, { ...before, birth_date: '' });
    expect(birth).toEqual({ birth_date: '', birth_precision: 'unknown' });
  });

  it('validates required fields, counts and dates', () => {
    const draft = toDraft(PERSON);
    draft['age_at_registration'] = '१७'; // Devanagari digits are fine
    expect(validate(PERSON, draft)).toEqual({ sex: 'form.required' });
    draft['sex'] = 'female';
    draft['age_at_registration'] = 'seventeen';
    draft['birth_date'] = '2083-02-40';
    expect(validate(PERSON, draft)).toEqual({ age_at_registration: 'form.number', birth_date: 'form.date' });
    expect(toPayload(PERSON, { ...draft, age_at_registration: '१७', birth_date: '' }).age_at_registration).toBe(17);
  });

  it('needs a full date where no precision is kept', () => {
    const specs: FieldSpec[] = [{ path: 'due_date', kind: 'date', label: 'app.name' }];
    expect(validate(specs, { due_date: '2083-08' })).toEqual({ due_date: 'form.dateFull' });
    expect(validate(specs, { due_date: '2083-08-06' })).toEqual({});
  });

  it('skips fields that are not shown', () => {
    const specs: FieldSpec[] = [
      { path: 'purpose', kind: 'select', label: 'app.name', required: true },
      { path: 'organization_id', kind: 'org', label: 'app.name', required: true, when: (d) => d['purpose'] === 'sharing' },
    ];
    expect(validate(specs, { purpose: 'services', organization_id: '' })).toEqual({});
    expect(validate(specs, { purpose: 'sharing', organization_id: '' })).toEqual({ organization_id: 'form.required' });
    expect(toPayload(specs, { purpose: 'services', organization_id: 'x' })).toEqual({ purpose: 'services' });
  });
});

describe('server field errors', () => {
  it('land on the field of their prefix', () => {
    const errors = [
      { field: 'person.given_name', message: 'give a name' },
      { field: 'person.guardian.phone', message: 'not a phone number' },
      { field: 'person.languages[1]', message: 'unknown language' },
      { field: 'person.birth_precision', message: 'bad precision' },
      { field: 'person.photo', message: 'no photos yet' },
      { field: 'case.identification_source', message: 'required' },
    ];
    const { byPath, other } = matchErrors(PERSON, errors, 'person');
    expect(byPath).toEqual({
      given_name: 'give a name',
      'guardian.phone': 'not a phone number',
      languages: 'unknown language',
      birth_date: 'bad precision',
    });
    expect(other).toEqual([{ field: 'person.photo', message: 'no photos yet' }]);
  });

  it('match item fields with or without "body."', () => {
    const specs: FieldSpec[] = [{ path: 'date', kind: 'date', label: 'app.name', precision: 'date_precision' }];
    expect(matchErrors(specs, [{ field: 'body.date', message: 'in the future' }]).byPath).toEqual({ date: 'in the future' });
    expect(matchErrors(specs, [{ field: 'date', message: 'x' }]).byPath).toEqual({ date: 'x' });
  });
});

describe('suspects of a justice record', () => {
  const JUSTICE: FieldSpec[] = [
    { path: 'law', kind: 'select', label: 'app.name' },
    { path: 'suspects', kind: 'suspects', label: 'app.name' },
  ];

  it('read the stages of each person, a verdict counting as prosecuted', () => {
    const draft = toDraft(JUSTICE, {
      law: 'httca_2007',
      suspects: [
        { name: 'Ram B.', role: 'recruiter', arrested: true, outcome: 'convicted' },
        { name: 'Hari', prosecuted: true, outcome: 'pending' },
        { name: 'Unknown driver', outcome: 'released' },
      ],
    });
    expect(draft['suspects']).toEqual([
      { name: 'Ram B.', role: 'recruiter', arrested: true, prosecuted: true, outcome: 'convicted' },
      { name: 'Hari', role: '', arrested: false, prosecuted: true, outcome: 'pending' },
      { name: 'Unknown driver', role: '', arrested: false, prosecuted: false, outcome: '' },
    ]);
  });

  it('send only the flags that are set and the outcome when chosen', () => {
    const draft = toDraft(JUSTICE);
    draft['law'] = 'httca_2007';
    draft['suspects'] = [
      { name: ' Ram B. ', role: 'recruiter', arrested: true, prosecuted: false, outcome: '' },
      { name: 'Sita K.', role: '', arrested: false, prosecuted: false, outcome: 'acquitted' },
      { name: '', role: 'transporter', arrested: false, prosecuted: true, outcome: 'pending' },
      { name: '  ', role: '', arrested: false, prosecuted: false, outcome: '' },
    ];
    expect(toPayload(JUSTICE, draft)).toEqual({
      law: 'httca_2007',
      suspects: [
        { name: 'Ram B.', role: 'recruiter', arrested: true },
        { name: 'Sita K.', prosecuted: true, outcome: 'acquitted' },
        { name: '', role: 'transporter', prosecuted: true, outcome: 'pending' },
      ],
    });
  });

  it('round-trip, and patch the whole list when one flag changes', () => {
    const stored = { law: 'other', suspects: [{ name: 'Ram B.', role: 'recruiter', arrested: true }] };
    const before = toDraft(JUSTICE, stored);
    expect(toPayload(JUSTICE, before)).toEqual(stored);
    expect(diffPayload(JUSTICE, before, toDraft(JUSTICE, stored))).toEqual({});
    const [ram] = before['suspects'] as Suspect[];
    const after = { ...before, suspects: [{ ...ram!, arrested: false, outcome: 'convicted' as const }] };
    expect(diffPayload(JUSTICE, before, after)).toEqual({
      suspects: [{ name: 'Ram B.', role: 'recruiter', prosecuted: true, outcome: 'convicted' }],
    });
  });

  it("put the server's errors about a suspect on the suspects field", () => {
    const { byPath, other } = matchErrors(JUSTICE, [{ field: 'suspects[0].arrested', message: 'must be true or false' }]);
    expect(byPath).toEqual({ suspects: 'must be true or false' });
    expect(other).toEqual([]);
  });
});
