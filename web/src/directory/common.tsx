// Pieces the directory screens share: the taxonomy (loaded once), labels of the directory's fixed codes,
// opening hours, capacity and the "open now" / "stale" badges.
import { api, type Capacity, type DirService, type Schedule, type TaxonomyTerm } from '../api';
import { translateDynamic, useI18n } from '../i18n';
import { formatBsShort } from '../lib/bs';
import { GeoName } from '../cases/fields';
import { useCachedList, useCodeList } from '../refdata';
import { formatDays, formatHours, taxonomyLabel, type Day } from './lib';

export const SECTORS = ['public', 'private', 'ngo', 'international'] as const;
export const SERVICE_STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;
export const SERVES = ['minors', 'women', 'men'] as const;
/** Who a service is limited to ("sexes" empty = everyone), as the directory API takes them. */
export const SEXES = ['female', 'male', 'other'] as const;
export const TARGET_GROUPS = [
  'trafficking_survivors', 'migrant_workers', 'children', 'women', 'men', 'lgbtiq', 'persons_with_disability',
] as const;
export const CAPACITY_UNITS = ['bed', 'place', 'appointment'] as const;
export const LOCATION_TYPES = ['physical', 'virtual'] as const;

/** The CTIP service taxonomy, once per page life; [] until it arrives. */
export function useTaxonomy(): TaxonomyTerm[] {
  return useCachedList('directory:taxonomy', () => api.dirTaxonomy());
}

/** Languages of services are codes of the server's "language" list; a code it does not know is shown as is. */
export function useLanguages(): { value: string; label: string }[] {
  const { lang } = useI18n();
  return useCodeList('language', []).map((i) => ({
    value: i.code,
    label: translateDynamic(lang, `langName.${i.code}`, (lang === 'ne' ? i.label_ne : i.label_en) || i.code),
  }));
}

/** Label of one of the directory's fixed codes ("sector.ngo"), the code itself when we have none. */
export function useLabel(): (prefix: string, code: string) => string {
  const { lang } = useI18n();
  return (prefix, code) => translateDynamic(lang, `${prefix}.${code}`, code);
}

export function TaxonomyLabels({ codes, terms }: { codes: string[]; terms: TaxonomyTerm[] }) {
  const { lang } = useI18n();
  if (codes.length === 0) return null;
  return (
    <ul class="tags">
      {codes.map((c) => (
        <li key={c} class="tag">
          {taxonomyLabel(terms, c, lang)}
        </li>
      ))}
    </ul>
  );
}

export function OpenBadge({ open }: { open: boolean | undefined }) {
  const { t } = useI18n();
  if (open === undefined) return null;
  return <span class={open ? 'badge badge-on' : 'badge badge-off'}>{open ? t('dir.openNow') : t('dir.closedNow')}</span>;
}

export function StaleBadge({ stale, verified }: { stale?: boolean; verified?: string | null }) {
  const { t, lang } = useI18n();
  if (!stale) return null;
  return (
    <span class="badge badge-warn" title={verified ? t('dir.verifiedOn', { date: formatBsShort(verified, lang) }) : undefined}>
      {t('dir.stale')}
    </span>
  );
}

/** "Beds: 3 of 20 free, updated 2083-08-06". */
export function CapacityLine({ c }: { c: Capacity }) {
  const { t, n, lang } = useI18n();
  const label = useLabel();
  const unit = label('unit', c.unit);
  return (
    <span class="capacity">
      {c.maximum !== null && c.maximum !== undefined
        ? t('dir.capacityOf', { unit, available: n(c.available ?? 0), maximum: n(c.maximum) })
        : t('dir.capacityFree', { unit, available: n(c.available ?? 0) })}
      {c.updated_at && <span class="muted small"> · {t('dir.updated', { date: formatBsShort(c.updated_at, lang) })}</span>}
    </span>
  );
}

export function ScheduleLines({ schedules }: { schedules: Schedule[] }) {
  const { t, lang } = useI18n();
  if (schedules.length === 0) return <p class="muted small">{t('dir.noHours')}</p>;
  const day = (d: Day) => t(`day.${d}`);
  return (
    <ul class="plain hours">
      {schedules.map((s, i) => (
        <li key={i}>
          <span class="hours-days">{formatDays(s.days, day, t('dir.everyDay'))}</span>{' '}
          <span class="hours-time">{formatHours(s, lang, t('dir.allDay'))}</span>
        </li>
      ))}
    </ul>
  );
}

/** The districts a service is found in: its locations' districts, in order, once each. */
export function ServiceDistricts({ service }: { service: DirService }) {
  const codes = [...new Set(service.locations.map((l) => l.district).filter((d): d is string => !!d))];
  if (codes.length === 0) return null;
  return (
    <>
      {codes.map((c, i) => (
        <span key={c}>
          {i > 0 && ', '}
          <GeoName code={c} />
        </span>
      ))}
    </>
  );
}
