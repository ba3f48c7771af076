// Code lists and geography from the server, cached for the page's life, with built-in fallbacks.
import { useEffect, useState } from 'preact/hooks';
import { api, type CodeItem, type Country, type GeoUnit, type Organization } from './api';
import { translateDynamic, type Lang } from './i18n';

export const ROLES = [
  'system_admin', 'org_admin', 'case_worker', 'case_supervisor', 'police_investigator',
  'committee_member', 'analyst', 'directory_editor', 'inspector',
];
export const ORG_TYPES = [
  'ngo', 'shelter', 'police', 'committee', 'ministry', 'attorney', 'court', 'private', 'international',
];
export const COMMITTEE_LEVELS = ['national', 'province', 'district', 'local'];
export const ADMIN_ROLES = ['system_admin', 'org_admin'];

const cache = new Map<string, Promise<unknown>>();

export function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  let p = cache.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

const fallbackItems = (codes: string[]): CodeItem[] => codes.map((code) => ({ code, label_en: code, label_ne: code }));

/** Items of a code list; the built-in codes until (or unless) the server answers. */
export function useCodeList(list: string, fallback: string[]): CodeItem[] {
  const [items, setItems] = useState<CodeItem[]>(() => fallbackItems(fallback));
  useEffect(() => {
    let live = true;
    cached(`codelist:${list}`, () => api.codelist(list).then((r) => r.items))
      .then((r) => live && r.length > 0 && setItems(r))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [list]);
  return items;
}

/** Label for a code: our translation when we have one, else the code list's own label. */
export function codeLabel(lang: Lang, prefix: string, code: string, items?: CodeItem[]): string {
  const item = items?.find((i) => i.code === code);
  const fromList = item ? (lang === 'ne' ? item.label_ne : item.label_en) : '';
  return translateDynamic(lang, `${prefix}.${code}`, fromList || code);
}

export function geoName(lang: Lang, u: GeoUnit): string {
  return lang === 'ne' ? u.name_ne || u.name_en : u.name_en;
}

/** Name of a province, district or local level from its code ("" = national). */
export function useGeoName(code: string | null | undefined): GeoUnit | null {
  const [unit, setUnit] = useState<GeoUnit | null>(null);
  useEffect(() => {
    let live = true;
    setUnit(null);
    if (!code) return;
    cached(`geo:unit:${code}`, () => api.unit(code))
      .then((u) => live && setUnit(u))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [code]);
  return unit;
}

/** Provinces, districts of a province or local levels of a district ("" = nothing to load). */
export function useGeo(kind: 'provinces' | 'districts' | 'local-levels', parent = ''): GeoUnit[] {
  const [items, setItems] = useState<GeoUnit[]>([]);
  useEffect(() => {
    let live = true;
    setItems([]);
    if (kind !== 'provinces' && !parent) return;
    const load =
      kind === 'provinces' ? api.provinces : kind === 'districts' ? () => api.districts(parent) : () => api.localLevels(parent);
    cached(`geo:${kind}:${parent}`, () => load().then((r) => r.items))
      .then((r) => live && setItems(r))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [kind, parent]);
  return items;
}

/** A list the server gives as { items }, fetched once per page life under `key`; [] until (or unless) it arrives. */
export function useCachedList<T>(key: string, load: () => Promise<{ items: T[] }>): T[] {
  const [items, setItems] = useState<T[]>([]);
  useEffect(() => {
    let live = true;
    cached(key, () => load().then((r) => r.items))
      .then((r) => live && setItems(r))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [key]);
  return items;
}

/** All 77 districts, sorted by name in the current language. */
export function useAllDistricts(lang: Lang): GeoUnit[] {
  const items = useCachedList('geo:districts:all', () => api.allDistricts());
  return [...items].sort((a, b) => geoName(lang, a).localeCompare(geoName(lang, b), lang));
}

/** Countries (ISO 3166), Nepal first, the rest by name. */
export function useCountries(lang: Lang): Country[] {
  const items = useCachedList('countries', () => api.countries());
  const name = (c: Country) => (lang === 'ne' ? c.name_ne || c.name_en : c.name_en);
  return [...items].sort((a, b) => (a.alpha2 === 'NP' ? -1 : b.alpha2 === 'NP' ? 1 : name(a).localeCompare(name(b), lang)));
}

export function countryName(lang: Lang, code: string, countries: Country[]): string {
  const c = countries.find((x) => x.alpha2 === code);
  return c ? (lang === 'ne' ? c.name_ne || c.name_en : c.name_en) : code;
}

/** Organisations (any signed-in user may list them), for "which organisation" choices. */
export function useOrganizations(): Organization[] {
  return useCachedList('organizations', () => api.organizations());
}

/** Roles that work on case records (others may still be assigned to a case). */
export const CASE_ROLES = ['case_worker', 'case_supervisor'];

/** Built-in codes of the case code lists, used until the server's lists (with their labels) arrive. */
export const CODES = {
  sex: ['female', 'male', 'transgender_female', 'transgender_male', 'non_conforming', 'unknown'],
  identification_source: [
    'police', 'border_interception', 'hotline', 'shelter', 'repatriation', 'self_referral', 'foreign_employment_complaint',
  ],
  exploitation_type: [
    'sexual_exploitation', 'forced_labour', 'domestic_servitude', 'forced_marriage', 'organ_removal', 'forced_begging',
    'child_labour', 'other',
  ],
  trafficking_status: ['possible', 'actual', 'not_a_victim'],
  trafficking_status_decision_org: ['police', 'ngo', 'court_or_prosecution', 'government_non_police', 'other'],
  case_status: ['active', 'follow_up', 'closed', 'closed_referred'],
  workflow_stage: [
    'identification', 'intake', 'assessment', 'care_plan', 'services', 'reintegration', 'follow_up', 'closure',
  ],
  closure_outcome: [
    'reintegrated_family', 'reintegrated_community', 'referred_elsewhere', 'returned_abroad', 'declined_services',
    'lost_contact', 'deceased', 'other',
  ],
  marital_status: ['single', 'married', 'widowed', 'divorced', 'separated', 'registered_partnership'],
  education_level: [
    'no_formal_education', 'early_childhood', 'primary', 'lower_secondary', 'upper_secondary',
    'post_secondary_non_tertiary', 'short_cycle_tertiary', 'bachelors', 'masters', 'doctoral',
  ],
  trafficker_relationship: ['family', 'acquaintance', 'stranger'],
  sex_exploitation_type: ['prostitution', 'pornography', 'remote_interactive', 'private_sexual_services'],
  support_type: [
    'education', 'financial', 'health', 'psychosocial_counselling', 'labour_exploitation_rehabilitation', 'legal',
    'livelihood', 'rights_based_training', 'sexual_exploitation_rehabilitation', 'social_care', 'shelter',
    'family_reintegration',
  ],
  // Lists long enough that the server's copy is the one that matters.
  recruitment_method: [] as string[],
  means_of_control: [] as string[],
  labour_industry: [] as string[],
  language: [] as string[],
  perpetrator_role: [] as string[],
} as const;

/** Codes the case API fixes itself (not code lists); labelled by our translations. */
export const EVENT_TYPES = [
  'recruitment', 'transit', 'exploitation', 'interception', 'rescue', 'repatriation', 'return', 'missing_report',
] as const;
export const CONSENT_PURPOSES = ['services', 'sharing', 'law_enforcement', 'statistics'] as const;
export const CONSENT_CHECKLIST = [
  'consents_to_interview', 'informed_of_purpose', 'informed_of_uses', 'informed_of_research_use',
  'informed_of_right_to_access', 'informed_of_retention', 'informed_of_withdrawal',
] as const;
export const ASSESSMENT_TYPES = ['risk', 'needs'] as const;
export const LEVELS = ['low', 'medium', 'high'] as const;
export const SERVICE_STATUSES = ['planned', 'in_progress', 'delivered', 'cancelled'] as const;
export const LAWS = ['httca_2007', 'foreign_employment_act', 'other'] as const;
export const VERDICTS = ['pending', 'convicted', 'acquitted', 'withdrawn'] as const;
