// What the case forms ask, field by field (see lib/forms.ts). The same specs drive the creation wizard, the
// edit forms and the read-only views, so a field is named, labelled and validated the same way everywhere.
import type { ItemKind } from '../api';
import type { MessageKey } from '../i18n';
import type { Draft, FieldSpec } from '../lib/forms';
import {
  ASSESSMENT_TYPES,
  CODES,
  CONSENT_CHECKLIST,
  CONSENT_PURPOSES,
  EVENT_TYPES,
  LAWS,
  LEVELS,
  SERVICE_STATUSES,
  VERDICTS,
} from '../refdata';

export interface SpecGroup {
  legend?: MessageKey;
  /** Rendered inside a closed <details> (the fields a first contact rarely knows). */
  more?: boolean;
  fields: FieldSpec[];
}

export const flat = (groups: SpecGroup[]): FieldSpec[] => groups.flatMap((g) => g.fields);

const cl = (list: keyof typeof CODES, path: string, label: MessageKey, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  path,
  kind: 'select',
  label,
  list,
  codes: CODES[list],
  ...extra,
});
const multi = (list: keyof typeof CODES, path: string, label: MessageKey, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  path,
  kind: 'multi',
  label,
  list,
  codes: CODES[list],
  wide: true,
  ...extra,
});

// --- person ------------------------------------------------------------------------------------------------------

export const PERSON_GROUPS: SpecGroup[] = [
  {
    legend: 'person.who',
    fields: [
      { path: 'given_name', kind: 'text', label: 'person.given_name', hint: 'person.nameHint' },
      { path: 'family_name', kind: 'text', label: 'person.family_name' },
      { path: 'name_ne', kind: 'text', label: 'person.name_ne' },
      cl('sex', 'sex', 'person.sex', { required: true }),
      { path: 'birth_date', kind: 'date', label: 'person.birth_date', precision: 'birth_precision' },
      { path: 'age_at_registration', kind: 'number', label: 'person.age_at_registration' },
    ],
  },
  {
    legend: 'person.contact',
    more: true,
    fields: [
      { path: 'aliases', kind: 'list', label: 'person.aliases', hint: 'form.commaHint' },
      { path: 'phone', kind: 'tel', label: 'person.phone' },
      { path: 'district', kind: 'district', label: 'person.district' },
      { path: 'local_level', kind: 'localLevel', label: 'person.local_level', district: 'district' },
      { path: 'ward', kind: 'number', label: 'person.ward' },
      { path: 'tole', kind: 'text', label: 'person.tole' },
    ],
  },
  {
    legend: 'person.documents',
    more: true,
    fields: [
      { path: 'citizenship', kind: 'country', label: 'person.citizenship' },
      { path: 'citizenship_no', kind: 'text', label: 'person.citizenship_no' },
      { path: 'national_id', kind: 'text', label: 'person.national_id' },
      { path: 'passport_no', kind: 'text', label: 'person.passport_no' },
    ],
  },
  {
    legend: 'person.background',
    more: true,
    fields: [
      multi('language', 'languages', 'person.languages'),
      cl('education_level', 'education', 'person.education'),
      cl('marital_status', 'marital_status', 'person.marital_status'),
    ],
  },
  {
    legend: 'person.guardian',
    more: true,
    fields: [
      { path: 'guardian.name', kind: 'text', label: 'person.guardian_name' },
      { path: 'guardian.relationship', kind: 'text', label: 'person.guardian_relationship' },
      { path: 'guardian.phone', kind: 'tel', label: 'person.guardian_phone' },
    ],
  },
];
export const PERSON_SPECS = flat(PERSON_GROUPS);

// --- case --------------------------------------------------------------------------------------------------------

export const CASE_GROUPS: SpecGroup[] = [
  {
    legend: 'case.identification',
    fields: [
      cl('identification_source', 'identification_source', 'case.identification_source', { required: true }),
      { path: 'identified_on', kind: 'date', label: 'case.identified_on' },
      { path: 'district', kind: 'district', label: 'case.district', hint: 'case.districtHint' },
      cl('trafficking_status', 'trafficking_status', 'case.trafficking_status'),
      cl('trafficking_status_decision_org', 'trafficking_status_by', 'case.trafficking_status_by'),
    ],
  },
];
export const CASE_SPECS = flat(CASE_GROUPS);

// --- victim profile ------------------------------------------------------------------------------------------------

const has = (path: string, ...codes: string[]) => (d: Draft) => {
  const v = d[path];
  return Array.isArray(v) && (v as string[]).some((c) => codes.includes(c));
};

export const PROFILE_GROUPS: SpecGroup[] = [
  {
    legend: 'profile.exploitation',
    fields: [
      multi('exploitation_type', 'exploitation_types', 'profile.exploitation_types'),
      cl('labour_industry', 'labour_industry', 'profile.labour_industry', {
        when: has('exploitation_types', 'forced_labour', 'child_labour', 'domestic_servitude', 'forced_begging', 'other'),
      }),
      multi('sex_exploitation_type', 'sex_exploitation_types', 'profile.sex_exploitation_types', {
        when: has('exploitation_types', 'sexual_exploitation'),
      }),
      { path: 'age_when_trafficked', kind: 'number', label: 'profile.age_when_trafficked' },
      { path: 'duration_days', kind: 'number', label: 'profile.duration_days' },
      { path: 'exploitation_country', kind: 'country', label: 'profile.exploitation_country' },
      {
        path: 'exploitation_local_level',
        kind: 'localLevel',
        label: 'profile.exploitation_local_level',
        when: (d) => !d['exploitation_country'] || d['exploitation_country'] === 'NP',
      },
    ],
  },
  {
    legend: 'profile.recruitment',
    fields: [
      multi('recruitment_method', 'recruitment_methods', 'profile.recruitment_methods'),
      cl('trafficker_relationship', 'recruiter_relationship', 'profile.recruiter_relationship'),
      multi('means_of_control', 'means_of_control', 'profile.means_of_control'),
      { path: 'route', kind: 'textarea', label: 'profile.route', wide: true },
      { path: 'border_points', kind: 'list', label: 'profile.border_points', hint: 'form.commaHint' },
    ],
  },
  {
    legend: 'profile.foreignEmployment',
    more: true,
    fields: [
      { path: 'fe_agency_licence', kind: 'text', label: 'profile.fe_agency_licence' },
      { path: 'fe_labour_permit', kind: 'text', label: 'profile.fe_labour_permit' },
      { path: 'fe_dofe_complaint', kind: 'text', label: 'profile.fe_dofe_complaint' },
      { path: 'fe_tribunal_case', kind: 'text', label: 'profile.fe_tribunal_case' },
    ],
  },
];
export const PROFILE_SPECS = flat(PROFILE_GROUPS);

// --- case items ----------------------------------------------------------------------------------------------------

const fixed = (path: string, label: MessageKey, codes: readonly string[], prefix: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  path,
  kind: 'select',
  label,
  codes,
  prefix,
  ...extra,
});

export const EVENT_SPECS: FieldSpec[] = [
  fixed('type', 'event.type', EVENT_TYPES, 'evType', { required: true }),
  { path: 'date', kind: 'date', label: 'event.date', precision: 'date_precision' },
  { path: 'country', kind: 'country', label: 'event.country' },
  { path: 'local_level', kind: 'localLevel', label: 'event.local_level', when: (d) => !d['country'] || d['country'] === 'NP' },
  { path: 'border_point', kind: 'text', label: 'event.border_point' },
  { path: 'reporting_organization_id', kind: 'org', label: 'event.reporting_organization' },
  { path: 'description', kind: 'textarea', label: 'event.description', wide: true },
];

export const CONSENT_SPECS: FieldSpec[] = [
  fixed('purpose', 'consent.purpose', CONSENT_PURPOSES, 'consentPurpose', { required: true }),
  { path: 'organization_id', kind: 'org', label: 'consent.organization', required: true, when: (d) => d['purpose'] === 'sharing' },
  { path: 'given_at', kind: 'date', label: 'consent.given_at', required: true },
  { path: 'expires_at', kind: 'date', label: 'consent.expires_at' },
  { path: 'checklist', kind: 'checklist', label: 'consent.checklist', keys: CONSENT_CHECKLIST, wide: true },
];
/** Shown on a withdrawn consent (the server adds them; they are not typed in). */
export const CONSENT_WITHDRAWAL_SPECS: FieldSpec[] = [
  { path: 'withdrawn_on', kind: 'date', label: 'consent.withdrawn_on' },
  { path: 'withdrawal_reason', kind: 'text', label: 'consent.withdrawReason', wide: true },
];

export const ASSESSMENT_SPECS: FieldSpec[] = [
  fixed('type', 'assessment.type', ASSESSMENT_TYPES, 'assessmentType', { required: true }),
  { path: 'date', kind: 'date', label: 'assessment.date', required: true },
  fixed('level', 'assessment.level', LEVELS, 'level3'),
  multi('support_type', 'needs', 'assessment.needs'),
  { path: 'notes', kind: 'textarea', label: 'assessment.notes', wide: true },
];

export const SERVICE_SPECS: FieldSpec[] = [
  cl('support_type', 'type', 'service.type', { required: true }),
  { path: 'provider_organization_id', kind: 'org', label: 'service.provider_organization' },
  { path: 'provider_name', kind: 'text', label: 'service.provider_name', hint: 'service.providerHint' },
  { path: 'goal', kind: 'text', label: 'service.goal' },
  { path: 'planned_date', kind: 'date', label: 'service.planned_date' },
  { path: 'actual_date', kind: 'date', label: 'service.actual_date' },
  fixed('status', 'service.status', SERVICE_STATUSES, 'serviceStatus', { required: true }),
  { path: 'notes', kind: 'textarea', label: 'service.notes', wide: true },
];

export const SHELTER_SPECS: FieldSpec[] = [
  { path: 'shelter_organization_id', kind: 'org', label: 'shelter.organization', required: true },
  { path: 'admitted_on', kind: 'date', label: 'shelter.admitted_on', required: true },
  { path: 'discharged_on', kind: 'date', label: 'shelter.discharged_on' },
  { path: 'reason', kind: 'textarea', label: 'shelter.reason', wide: true },
];

export const FOLLOWUP_SPECS: FieldSpec[] = [
  { path: 'due_date', kind: 'date', label: 'followup.due_date', required: true },
  { path: 'purpose', kind: 'text', label: 'followup.purpose' },
  { path: 'notes', kind: 'textarea', label: 'followup.notes', wide: true },
  { path: 'done_on', kind: 'date', label: 'followup.done_on' },
];

export const NOTE_SPECS: FieldSpec[] = [
  { path: 'text', kind: 'textarea', label: 'note.text', required: true, wide: true },
  { path: 'sensitive', kind: 'bool', label: 'note.sensitive', hint: 'note.sensitiveHint', wide: true },
];

export const JUSTICE_SPECS: FieldSpec[] = [
  fixed('law', 'justice.law', LAWS, 'law', { required: true }),
  { path: 'fir_no', kind: 'text', label: 'justice.fir_no' },
  { path: 'police_unit_organization_id', kind: 'org', label: 'justice.police_unit' },
  { path: 'court', kind: 'text', label: 'justice.court' },
  { path: 'suspects', kind: 'suspects', label: 'justice.suspects', wide: true },
  { path: 'charges', kind: 'lines', label: 'justice.charges', hint: 'form.linesHint', wide: true },
  { path: 'hearings', kind: 'hearings', label: 'justice.hearings', wide: true },
  fixed('verdict', 'justice.verdict', VERDICTS, 'verdict'),
  { path: 'sentence', kind: 'text', label: 'justice.sentence' },
  { path: 'compensation_npr', kind: 'number', label: 'justice.compensation_npr' },
];

export interface KindInfo {
  kind: ItemKind;
  /** The kind's name in the API's problem fields ("follow_up.due_date"). */
  singular: string;
  specs: FieldSpec[];
  /** Heading of the list and of the add form. */
  title: MessageKey;
  add: MessageKey;
  empty: MessageKey;
  /** The field that names an item in its heading (a code or a date), and the date to sort by. */
  headline: string;
  date?: string;
}

export const KINDS: Record<ItemKind, KindInfo> = {
  events: { kind: 'events', singular: 'event', specs: EVENT_SPECS, title: 'event.title', add: 'event.add', empty: 'event.empty', headline: 'type', date: 'date' },
  consents: { kind: 'consents', singular: 'consent', specs: CONSENT_SPECS, title: 'consent.title', add: 'consent.add', empty: 'consent.empty', headline: 'purpose', date: 'given_at' },
  assessments: { kind: 'assessments', singular: 'assessment', specs: ASSESSMENT_SPECS, title: 'assessment.title', add: 'assessment.add', empty: 'assessment.empty', headline: 'type', date: 'date' },
  services: { kind: 'services', singular: 'service', specs: SERVICE_SPECS, title: 'service.title', add: 'service.add', empty: 'service.empty', headline: 'type', date: 'planned_date' },
  'shelter-stays': { kind: 'shelter-stays', singular: 'shelter_stay', specs: SHELTER_SPECS, title: 'shelter.title', add: 'shelter.add', empty: 'shelter.empty', headline: 'shelter_organization_id', date: 'admitted_on' },
  'follow-ups': { kind: 'follow-ups', singular: 'follow_up', specs: FOLLOWUP_SPECS, title: 'followup.title', add: 'followup.add', empty: 'followup.empty', headline: 'purpose', date: 'due_date' },
  notes: { kind: 'notes', singular: 'note', specs: NOTE_SPECS, title: 'note.title', add: 'note.add', empty: 'note.empty', headline: 'created_at' },
  justice: { kind: 'justice', singular: 'justice', specs: JUSTICE_SPECS, title: 'justice.title', add: 'justice.add', empty: 'justice.empty', headline: 'law' },
};
