// Code lists and geography from the server, cached for the page's life, with built-in fallbacks.
import { useEffect, useState } from 'preact/hooks';
import { api, type CodeItem, type GeoUnit } from './api';
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

function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
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
