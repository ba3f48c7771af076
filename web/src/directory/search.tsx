// The public service directory: search (English or Nepali), filters, results with opening and capacity, a view by
// district, pages. Open to anonymous visitors. What was searched lives in memory only (never in the address).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type DirSearchQuery, type DirSearchResult, type DirService, type Me } from '../api';
import { ErrorBox, FilterSelect, PageTitle, useId } from '../components';
import { useI18n } from '../i18n';
import { geoName, useAllDistricts } from '../refdata';
import { Link } from '../router';
import { CapacityLine, OpenBadge, SERVES, ServiceDistricts, StaleBadge, TaxonomyLabels, useLabel, useLanguages, useTaxonomy } from './common';
import { pages, serviceName, taxonomyTree } from './lib';

export interface DirFilters {
  q: string;
  taxonomy: string;
  district: string;
  serves: string;
  language: string;
  open_now: boolean;
  has_capacity: boolean;
}
export const NO_DIR_FILTERS: DirFilters = { q: '', taxonomy: '', district: '', serves: '', language: '', open_now: false, has_capacity: false };
export const PER_PAGE = 20;

export interface DirMemory {
  filters: DirFilters;
  page: number;
  view: 'list' | 'districts';
}

/** Runs directory searches; answers of older searches are dropped. */
export function useDirectorySearch(perPage = PER_PAGE, extra: Partial<DirSearchQuery> = {}) {
  const [result, setResult] = useState<DirSearchResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);
  const load = async (f: DirFilters, page = 1) => {
    const mine = ++seq.current;
    setBusy(true);
    setError(null);
    try {
      const r = await api.dirSearch({
        ...extra,
        q: f.q.trim(),
        taxonomy: f.taxonomy,
        district: f.district,
        serves: f.serves,
        language: f.language,
        open_now: f.open_now,
        has_capacity: f.has_capacity,
        page,
        per_page: perPage,
      });
      if (mine === seq.current) setResult(r);
    } catch (e) {
      if (mine === seq.current) {
        setError(e);
        setResult(null);
      }
    } finally {
      if (mine === seq.current) setBusy(false);
    }
  };
  return { result, busy, error, load };
}

type FilterField = 'taxonomy' | 'district' | 'serves' | 'language' | 'open_now' | 'has_capacity';

/** The search box and the filters; a changed filter searches at once, the text on submit. */
export function DirectoryFilters(props: {
  filters: DirFilters;
  onChange: (f: DirFilters, now: boolean) => void;
  fields: FilterField[];
  busy: boolean;
  label: string;
}) {
  const { t, lang } = useI18n();
  const terms = useTaxonomy();
  const districts = useAllDistricts(lang);
  const label = useLabel();
  const languages = useLanguages();
  const qId = useId('dq');
  const { filters } = props;
  const set = (k: keyof DirFilters) => (v: string | boolean) => props.onChange({ ...filters, [k]: v }, true);
  const has = (f: FilterField) => props.fields.includes(f);
  const tree = taxonomyTree(terms);
  return (
    <form
      class="panel search"
      role="search"
      aria-label={props.label}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        props.onChange(filters, true);
      }}
    >
      <div class="field">
        <label for={qId}>{props.label}</label>
        <div class="search-row">
          <input
            id={qId}
            type="search"
            autoComplete="off"
            value={filters.q}
            onInput={(e) => props.onChange({ ...filters, q: e.currentTarget.value }, false)}
            aria-describedby={`${qId}-hint`}
          />
          <button type="submit" class="btn btn-primary" disabled={props.busy}>
            {t('cases.searchButton')}
          </button>
        </div>
        <p class="hint" id={`${qId}-hint`}>
          {t('dir.searchHint')}
        </p>
      </div>
      <div class="form-grid filter-grid">
        {has('taxonomy') && (
          <FilterSelect label={t('dir.taxonomy')} value={filters.taxonomy} onValue={set('taxonomy')}
            options={tree.map(({ term, depth }) => ({
              value: term.code,
              label: '\u2003'.repeat(depth) + ((lang === 'ne' ? term.label_ne || term.label_en : term.label_en) || term.code),
            }))}
          />
        )}
        {has('district') && (
          <FilterSelect label={t('dir.district')} value={filters.district} onValue={set('district')} options={districts.map((d) => ({ value: d.code, label: geoName(lang, d) }))} />
        )}
        {has('serves') && (
          <FilterSelect label={t('dir.serves')} value={filters.serves} onValue={set('serves')} options={SERVES.map((s) => ({ value: s, label: label('serves', s) }))} />
        )}
        {has('language') && (
          <FilterSelect label={t('dir.language')} value={filters.language} onValue={set('language')} options={languages} />
        )}
        {(has('open_now') || has('has_capacity')) && (
          <div class="field checks-inline">
            {has('open_now') && (
              <label class="check">
                <input type="checkbox" checked={filters.open_now} onChange={(e) => set('open_now')(e.currentTarget.checked)} /> {t('dir.openNowFilter')}
              </label>
            )}
            {has('has_capacity') && (
              <label class="check">
                <input type="checkbox" checked={filters.has_capacity} onChange={(e) => set('has_capacity')(e.currentTarget.checked)} /> {t('dir.hasCapacity')}
              </label>
            )}
          </div>
        )}
      </div>
    </form>
  );
}

export function DirectorySearch({ user, memory }: { user: Me | null; memory: { current: DirMemory | null } }) {
  const { t, n } = useI18n();
  const [filters, setFilters] = useState<DirFilters>(memory.current?.filters ?? NO_DIR_FILTERS);
  const [page, setPage] = useState(memory.current?.page ?? 1);
  const [view, setView] = useState<'list' | 'districts'>(memory.current?.view ?? 'list');
  const { result, busy, error, load } = useDirectorySearch();
  const editor = !!user && user.roles.some((r) => ['directory_editor', 'system_admin', 'org_admin'].includes(r));

  useEffect(() => {
    load(filters, page);
  }, []);
  useEffect(() => {
    memory.current = { filters, page, view };
  }, [filters, page, view]);

  const change = (f: DirFilters, now: boolean) => {
    setFilters(f);
    if (now) {
      setPage(1);
      load(f, 1);
    }
  };
  const goPage = (p: number) => {
    setPage(p);
    load(filters, p);
  };
  const pickDistrict = (code: string) => {
    setView('list');
    change({ ...filters, district: code }, true);
  };
  const p = result ? pages(result.total, result.page || page, result.per_page || PER_PAGE) : null;
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_DIR_FILTERS);

  return (
    <>
      <div class="title-row">
        <PageTitle>{t('dir.title')}</PageTitle>
        {editor && (
          <Link href="/directory/manage" class="btn">
            {t('dir.manage')}
          </Link>
        )}
      </div>
      <p class="lead muted">{t('dir.intro')}</p>
      <DirectoryFilters
        filters={filters}
        onChange={change}
        busy={busy}
        label={t('dir.search')}
        fields={['taxonomy', 'district', 'serves', 'language', 'open_now', 'has_capacity']}
      />
      <div class="title-row">
        <p class="muted" role="status" aria-live="polite">
          {busy ? t('app.loading') : result ? t('dir.found', { n: result.total }) : ''}
        </p>
        <div class="seg" role="group" aria-label={t('dir.viewAs')}>
          <button type="button" class="btn btn-small" aria-pressed={view === 'list'} onClick={() => setView('list')}>
            {t('dir.viewList')}
          </button>
          <button type="button" class="btn btn-small" aria-pressed={view === 'districts'} onClick={() => setView('districts')}>
            {t('dir.viewDistricts')}
          </button>
        </div>
      </div>
      <ErrorBox error={error} />
      {filtered && (
        <p>
          <button type="button" class="link-btn" onClick={() => change(NO_DIR_FILTERS, true)}>
            {t('cases.clear')}
          </button>
        </p>
      )}
      {result && view === 'districts' && <DistrictView counts={result.by_district} selected={filters.district} onPick={pickDistrict} />}
      {result && view === 'list' && (
        <>
          {result.items.length === 0 ? (
            <div class="empty panel">
              <p>{t('dir.noMatch')}</p>
            </div>
          ) : (
            <ul class="results" data-testid="dir-results">
              {result.items.map((s) => (
                <ServiceResult key={s.id} service={s} />
              ))}
            </ul>
          )}
          {p && p.count > 1 && (
            <nav class="pager" aria-label={t('dir.pages')}>
              <button type="button" class="btn btn-small" disabled={!p.prev || busy} onClick={() => goPage(page - 1)}>
                ← {t('dir.prev')}
              </button>
              <span>{t('dir.pageOf', { page: n(page), count: n(p.count) })}</span>
              <button type="button" class="btn btn-small" disabled={!p.next || busy} onClick={() => goPage(page + 1)}>
                {t('dir.next')} →
              </button>
            </nav>
          )}
        </>
      )}
    </>
  );
}

export function ServiceResult({ service: s }: { service: DirService }) {
  const { t, lang } = useI18n();
  const terms = useTaxonomy();
  const label = useLabel();
  return (
    <li class="result">
      <div class="result-head">
        <h2>
          <Link href={`/directory/services/${s.id}`}>{serviceName(s, lang)}</Link>
        </h2>
        <OpenBadge open={s.open_now} />
        <StaleBadge stale={s.stale} verified={s.last_verified} />
      </div>
      <p class="muted">
        {s.organization_name}
        {s.organization_sector && <> · {label('sector', s.organization_sector)}</>}
      </p>
      <TaxonomyLabels codes={s.taxonomy ?? []} terms={terms} />
      {s.locations.length > 0 && (
        <p class="small">
          <span class="muted">{t('dir.where')}:</span> <ServiceDistricts service={s} />
        </p>
      )}
      {(s.capacity ?? []).map((c, i) => (
        <p key={i} class="small">
          <CapacityLine c={c} />
        </p>
      ))}
    </li>
  );
}

function DistrictView(props: { counts: { district: string; count: number }[]; selected: string; onPick: (d: string) => void }) {
  const { t, n, lang } = useI18n();
  const districts = useAllDistricts(lang);
  const name = (code: string) => {
    const d = districts.find((x) => x.code === code);
    return d ? geoName(lang, d) : n(code);
  };
  const rows = [...props.counts].sort((a, b) => b.count - a.count || name(a.district).localeCompare(name(b.district), lang));
  if (rows.length === 0) return <p class="muted">{t('dir.noMatch')}</p>;
  return (
    <table class="table district-table" data-testid="dir-districts">
      <caption class="sr-only">{t('dir.byDistrictCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('dir.district')}</th>
          <th scope="col">{t('dir.matches')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.district} class={r.district === props.selected ? 'is-selected' : undefined}>
            <th scope="row" data-label={t('dir.district')}>
              <button type="button" class="link-btn" onClick={() => props.onPick(r.district)}>
                {name(r.district)}
              </button>
            </th>
            <td data-label={t('dir.matches')}>{n(r.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
