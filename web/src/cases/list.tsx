// The case list: search (case number, phone, document number or name in any spelling or Devanagari), filters,
// newest first, "more" for the next page. Search text and filters stay in memory only (never in the address bar,
// never in storage), so a name typed here cannot leak through history, bookmarks or the Referer header.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type CaseQuery, type CaseSummary, type Me } from '../api';
import { ErrorBox, FilterSelect, PageTitle, useId } from '../components';
import { useI18n } from '../i18n';
import { formatBsShort, localDigits } from '../lib/bs';
import { parseBsText } from '../lib/forms';
import { CASE_ROLES, CODES, geoName, useAllDistricts, useCodeList } from '../refdata';
import { Link } from '../router';
import { BsDateInput, Code, GeoName } from './fields';

export interface Filters {
  q: string;
  district: string;
  status: string;
  stage: string;
  exploitation: string;
  from: string;
  to: string;
}

export const NO_FILTERS: Filters = { q: '', district: '', status: '', stage: '', exploitation: '', from: '', to: '' };
const PAGE = 25;

/** What the list remembers while the user looks at a case and comes back (in memory, for this sign-in only). */
export interface ListMemory {
  filters: Filters;
  showFilters: boolean;
}

export function CaseList({ user, memory }: { user: Me; memory: { current: ListMemory | null } }) {
  const { t, n, lang } = useI18n();
  const [filters, setFilters] = useState<Filters>(memory.current?.filters ?? NO_FILTERS);
  const [showFilters, setShowFilters] = useState(memory.current?.showFilters ?? false);
  const [applied, setApplied] = useState<Filters>(memory.current?.filters ?? NO_FILTERS);
  const [items, setItems] = useState<CaseSummary[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [dateError, setDateError] = useState<'from' | 'to' | ''>('');
  const seq = useRef(0);
  const districts = useAllDistricts(lang);
  const canCreate = user.roles.some((r) => CASE_ROLES.includes(r));

  useEffect(() => {
    memory.current = { filters: applied, showFilters };
  }, [applied, showFilters]);

  const query = (f: Filters): CaseQuery | null => {
    const from = parseBsText(f.from);
    const to = parseBsText(f.to, true);
    if (from === 'invalid') return setDateError('from'), null;
    if (to === 'invalid') return setDateError('to'), null;
    setDateError('');
    return {
      q: f.q.trim(),
      district: f.district,
      status: f.status,
      stage: f.stage,
      exploitation: f.exploitation,
      opened_from: typeof from === 'object' ? from.ad : '',
      opened_to: typeof to === 'object' ? to.ad : '',
      limit: PAGE,
    };
  };

  const load = async (f: Filters, cursor?: string) => {
    const q = query(f);
    if (!q) return;
    const mine = ++seq.current;
    setBusy(true);
    setError(null);
    try {
      const r = await api.cases(cursor ? { ...q, cursor } : q);
      if (mine !== seq.current) return;
      setApplied(f);
      setItems((old) => (cursor && old ? [...old, ...r.items] : r.items));
      setNext(r.next_cursor || null);
    } catch (e) {
      if (mine !== seq.current) return;
      setError(e);
      if (!cursor) setItems(null);
    } finally {
      if (mine === seq.current) setBusy(false);
    }
  };

  useEffect(() => {
    load(filters);
  }, []);

  const submit = (e: Event) => {
    e.preventDefault();
    load(filters);
  };
  const clear = () => {
    setFilters(NO_FILTERS);
    load(NO_FILTERS);
  };
  const set = (k: keyof Filters) => (v: string) => setFilters({ ...filters, [k]: v });
  const filtered = JSON.stringify(applied) !== JSON.stringify(NO_FILTERS);
  const activeFilters = (['district', 'status', 'stage', 'exploitation', 'from', 'to'] as const).filter((k) => filters[k]).length;
  const forbidden = error instanceof ApiError && error.status === 403;

  const qId = useId('q');
  return (
    <>
      <div class="title-row">
        <PageTitle>{t('cases.title')}</PageTitle>
        {canCreate && (
          <Link href="/cases/new" class="btn btn-primary">
            {t('cases.new')}
          </Link>
        )}
      </div>
      {!canCreate && <p class="muted">{t('cases.assignedOnly')}</p>}
      <form class="panel search" role="search" aria-label={t('cases.search')} onSubmit={submit} noValidate>
        <div class="field">
          <label for={qId}>{t('cases.search')}</label>
          <div class="search-row">
            <input
              id={qId}
              type="search"
              autoComplete="off"
              spellcheck={false}
              value={filters.q}
              onInput={(e) => set('q')(e.currentTarget.value)}
              aria-describedby={`${qId}-hint`}
            />
            <button type="submit" class="btn btn-primary" disabled={busy}>
              {t('cases.searchButton')}
            </button>
          </div>
          <p class="hint" id={`${qId}-hint`}>
            {t('cases.searchHint')}
          </p>
        </div>
        <details class="filters" open={showFilters} onToggle={(e) => setShowFilters(e.currentTarget.open)}>
          <summary>
            {t('cases.filters')}
            {activeFilters > 0 && <span class="badge">{n(activeFilters)}</span>}
          </summary>
          <div class="form-grid">
            <FilterSelect label={t('case.district')} value={filters.district} onValue={set('district')} options={districts.map((d) => ({ value: d.code, label: geoName(lang, d) }))} />
            <CodeFilter label={t('case.status')} list="case_status" value={filters.status} onValue={set('status')} />
            <CodeFilter label={t('case.stage')} list="workflow_stage" value={filters.stage} onValue={set('stage')} />
            <CodeFilter label={t('profile.exploitation_type')} list="exploitation_type" value={filters.exploitation} onValue={set('exploitation')} />
            <DateFilter label={t('cases.openedFrom')} value={filters.from} onValue={set('from')} error={dateError === 'from'} />
            <DateFilter label={t('cases.openedTo')} value={filters.to} onValue={set('to')} error={dateError === 'to'} end />
          </div>
          <div class="actions">
            <button type="submit" class="btn btn-primary" disabled={busy}>
              {t('cases.apply')}
            </button>
            <button type="button" class="btn" onClick={clear} disabled={busy}>
              {t('cases.clear')}
            </button>
          </div>
        </details>
        {dateError && (
          <p class="alert alert-error" role="alert">
            {t('date.invalid')}
          </p>
        )}
      </form>

      {forbidden ? (
        <p class="alert alert-warn" role="alert">
          {t('cases.noAccess')}
        </p>
      ) : (
        error && (
          <div class="stack">
            <ErrorBox error={error} />
            <button type="button" class="btn" onClick={() => load(applied)}>
              {t('common.retry')}
            </button>
          </div>
        )
      )}
      <p class="muted" role="status" aria-live="polite">
        {busy ? t('app.loading') : items ? (items.length === 0 ? '' : t(next ? 'cases.countMore' : 'cases.count', { n: items.length })) : ''}
      </p>
      {items && items.length === 0 && !error && (
        <div class="empty panel">
          <p>{filtered ? t('cases.noMatch') : t('cases.empty')}</p>
          {!filtered && canCreate && (
            <Link href="/cases/new" class="btn btn-primary">
              {t('cases.new')}
            </Link>
          )}
          {filtered && (
            <button type="button" class="btn" onClick={clear}>
              {t('cases.clear')}
            </button>
          )}
        </div>
      )}
      {items && items.length > 0 && (
        <table class="table" data-testid="case-table">
          <thead>
            <tr>
              <th scope="col">{t('case.number')}</th>
              <th scope="col">{t('person.name')}</th>
              <th scope="col">{t('person.sex')}</th>
              <th scope="col">{t('case.district')}</th>
              <th scope="col">{t('case.stage')}</th>
              <th scope="col">{t('case.status')}</th>
              <th scope="col">{t('case.opened')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id}>
                <th scope="row" data-label={t('case.number')}>
                  <Link href={`/cases/${c.id}`} class="case-no">
                    {localDigits(c.case_number, lang)}
                  </Link>
                </th>
                <td data-label={t('person.name')}>{c.display_name || t('common.none')}</td>
                <td data-label={t('person.sex')}>
                  <Code list="sex" code={c.sex} fallback={CODES.sex} />
                </td>
                <td data-label={t('case.district')}>
                  <GeoName code={c.district} />
                </td>
                <td data-label={t('case.stage')}>
                  <Code list="workflow_stage" code={c.stage} fallback={CODES.workflow_stage} />
                </td>
                <td data-label={t('case.status')}>
                  <span class={`badge status-${c.status}`}>
                    <Code list="case_status" code={c.status} fallback={CODES.case_status} />
                  </span>
                </td>
                <td data-label={t('case.opened')}>{formatBsShort(c.opened_at, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <p>
          <button type="button" class="btn" onClick={() => load(applied, next)} disabled={busy}>
            {busy ? t('app.loading') : t('cases.more')}
          </button>
        </p>
      )}
    </>
  );
}

function CodeFilter(props: { label: string; list: keyof typeof CODES; value: string; onValue: (v: string) => void }) {
  const { lang } = useI18n();
  const items = useCodeListWithFallback(props.list);
  return (
    <FilterSelect
      label={props.label}
      value={props.value}
      onValue={props.onValue}
      options={items.map((i) => ({ value: i.code, label: lang === 'ne' ? i.label_ne : i.label_en }))}
    />
  );
}

function useCodeListWithFallback(list: keyof typeof CODES) {
  return useCodeList(list, [...CODES[list]]);
}

function DateFilter(props: { label: string; value: string; onValue: (v: string) => void; error: boolean; end?: boolean }) {
  const { t } = useI18n();
  const id = useId('flt');
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={id}>
        {props.label} <span class="muted small">{t('date.bs')}</span>
      </label>
      <BsDateInput id={id} value={props.value} onValue={props.onValue} partial end={props.end} error={props.error ? 'x' : undefined} />
    </div>
  );
}
