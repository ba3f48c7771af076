// Statistics: the dashboard at /statistics (analysts, committees, administrators: headline figures, a
// trend over fiscal years, a district map, a breakdown explorer, the annual report and, for analysts and
// administrators, microdata for partners) and the public page /public/stats.
// Every figure comes released from the server; hidden ones show as "–" (hatched on the map).
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, queryString, type Me } from '../api';
import { ErrorBox, FilterSelect, PageTitle, SelectField } from '../components';
import { translateDynamic, useI18n, type MessageKey } from '../i18n';
import { cached, geoName, useAllDistricts, useCachedList, useCodeList, useGeo, useGeoName } from '../refdata';
import {
  classIndex,
  districtStates,
  drawDistricts,
  formatRate,
  formatStat,
  lastCompleteFiscalYear,
  quantileClasses,
  recentFiscalYears,
  rowsOf,
  shadeOf,
  totalOf,
  valueLabel,
  type DistrictShapes,
  type DistrictState,
  type Indicator,
  type LabelSources,
  type StatsAnswer,
} from './lib';

// Two rows of four on a wide screen: who was found and brought home, then the casework.
const HEADLINES = [
  'survivors_identified', 'interceptions', 'rescues', 'repatriations',
  'referrals_made', 'open_caseload', 'cases_closed', 'overdue_follow_ups',
];

/** Labels for the values of a breakdown of an indicator, in the UI language. */
function useLabels(): (dimension: string, code: string, indicator?: string) => string {
  const { lang } = useI18n();
  const lists: LabelSources['lists'] = {
    sex: useCodeList('sex', []),
    exploitation_type: useCodeList('exploitation_type', []),
    support_type: useCodeList('support_type', []),
    identification_source: useCodeList('identification_source', []),
    trafficking_status: useCodeList('trafficking_status', []),
    closure_outcome: useCodeList('closure_outcome', []),
    workflow_stage: useCodeList('workflow_stage', []),
    case_status: useCodeList('case_status', []),
  };
  const provinces = useGeo('provinces');
  const districts = useAllDistricts(lang);
  const from: LabelSources = { lists, units: [...provinces, ...districts] };
  return (dimension, code, indicator) => valueLabel(lang, dimension, code, indicator, from);
}

/** A released value written for its unit, or "–" with the reason when it is hidden. */
function Value({ value, unit = '' }: { value: number | null; unit?: string }) {
  const { t, lang } = useI18n();
  if (value === null) {
    return (
      <span class="stat-hidden" title={t('stats.hiddenWhy')}>
        –<span class="sr-only"> {t('stats.hidden')}</span>
      </span>
    );
  }
  return <>{formatStat(value, unit, lang)}</>;
}

/** One released table: its rows with bars, totals last, and what was done to protect people. */
export function StatTable({ answer, dimension, caption }: { answer: StatsAnswer; dimension: string | null; caption: string }) {
  const { t, n, lang } = useI18n();
  const label = useLabels();
  const rows = rowsOf(answer, dimension);
  const rates = rows.some((r) => r.rate !== null);
  const top = Math.max(1, ...rows.filter((r) => !r.total).map((r) => r.value ?? 0));
  return (
    <div class="card stat-table">
      <table class={rates ? 'table with-rates' : 'table'}>
        <caption>{caption}</caption>
        {rates && (
          <thead>
            <tr>
              <th scope="col">{dimension ? translateDynamic(lang, `statsDim.${dimension}`, dimension) : ''}</th>
              <th scope="col" class="num">
                {t('stats.count')}
              </th>
              <th scope="col" class="rate">
                {t('stats.per100kShort')}
              </th>
              {dimension && <th aria-hidden="true" />}
            </tr>
          </thead>
        )}
        <tbody>
          {rows.map((r) => (
            <tr key={r.code} class={r.total ? 'total' : ''}>
              <th scope="row">{dimension ? label(dimension, r.code, answer.indicator) : t('stats.total')}</th>
              <td class="num" data-label={rates ? t('stats.count') : undefined}>
                <Value value={r.value} unit={answer.unit} />
              </td>
              {rates && (
                <td class="rate" data-label={r.rate !== null ? t('stats.per100kShort') : undefined}>
                  {r.rate !== null ? formatRate(r.rate, lang) : ''}
                </td>
              )}
              {dimension && (
                <td class="bar-cell" aria-hidden="true">
                  {!r.total && r.value !== null && <span class="bar" style={{ width: `${(100 * r.value) / top}%` }} />}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <p class="hint">
        {t('stats.kNote', { k: n(answer.k) })}
        {answer.rounding ? ` ${t('stats.roundedNote', { base: n(answer.rounding) })}` : ''}
        {rates ? ` ${t('stats.rateNote')}` : ''}
      </p>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The district map

const MAP_WIDTH = 800;
const HATCH_ID = 'stats-map-hatch';

/** The districts' outlines, fetched once per page life (about 140 KB). */
function useDistrictShapes(): { shapes: DistrictShapes | null; error: unknown } {
  const [state, setState] = useState<{ shapes: DistrictShapes | null; error: unknown }>({ shapes: null, error: null });
  useEffect(() => {
    let live = true;
    cached('geo:districts.geojson', () => api.districtShapes())
      .then((shapes) => live && setState({ shapes, error: null }))
      .catch((error) => live && setState({ shapes: null, error }));
    return () => {
      live = false;
    };
  }, []);
  return state;
}

/** The CSS class that fills a district (or a legend swatch). */
function fillClass(state: DistrictState, measure: number | null, classes: ReturnType<typeof quantileClasses>): string {
  if (state.kind === 'outside') return 'map-outside';
  if (state.kind === 'hidden') return 'map-hidden';
  const i = measure === null ? -1 : classIndex(measure, classes);
  return i < 0 ? 'map-zero' : `map-s${shadeOf(i, classes.length)}`;
}

function Swatch({ fill }: { fill: string }) {
  return (
    <svg class="map-swatch" viewBox="0 0 20 14" aria-hidden="true" focusable="false">
      <rect x="0.5" y="0.5" width="19" height="13" class={`map-district ${fill}`} />
    </svg>
  );
}

/** Survivors identified in the year by district, as a choropleth of the 77 districts, counts or per 100,000. */
function DistrictMap({ fy }: { fy: string }) {
  const { t, lang, n } = useI18n();
  const { shapes, error: shapesError } = useDistrictShapes();
  const names = useAllDistricts(lang);
  const [answer, setAnswer] = useState<StatsAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [mode, setMode] = useState<'count' | 'rate'>('count');

  useEffect(() => {
    let live = true;
    setError(null);
    api
      .statsQuery({ indicator: 'survivors_identified', by: 'district', fy })
      .then((a) => live && setAnswer(a))
      .catch((e) => {
        if (!live) return;
        setAnswer(null);
        setError(e);
      });
    return () => {
      live = false;
    };
  }, [fy]);

  const drawn = useMemo(() => (shapes ? drawDistricts(shapes, MAP_WIDTH) : null), [shapes]);
  const states = useMemo(() => (answer && drawn ? districtStates(answer, drawn.districts) : null), [answer, drawn]);
  const hasRates = !!states && [...states.values()].some((s) => s.kind === 'value' && s.rate !== null);
  const shown = hasRates ? mode : 'count';
  const measure = (s: DistrictState): number | null => (s.kind !== 'value' ? null : shown === 'rate' ? s.rate : s.value);
  const classes = useMemo(
    () => quantileClasses(states ? [...states.values()].map(measure).filter((v): v is number => v !== null) : []),
    [states, shown],
  );
  const kinds = new Set([...(states?.values() ?? [])].map((s) => s.kind));
  const anyZero = [...(states?.values() ?? [])].some((s) => s.kind === 'none' || (s.kind === 'value' && (measure(s) ?? 0) <= 0));
  const fmt = (v: number) => (shown === 'rate' ? formatRate(v, lang) : formatStat(v, 'survivors', lang));
  const unplaced = answer?.cells.find((c) => c.district === 'unknown' && !c.suppressed && c.value);

  // A local committee's figure is its local level's, drawn in that level's district and named after both.
  const local = useGeoName(answer?.local_level || null);
  const nameOf = (code: string, fallback: string) => {
    const unit = names.find((u) => u.code === code);
    const name = unit ? geoName(lang, unit) : fallback;
    return local && answer?.local_level?.startsWith(code) ? `${geoName(lang, local)} (${name})` : name;
  };
  const titleOf = (name: string, s: DistrictState): string => {
    switch (s.kind) {
      case 'outside':
        return t('stats.mapOutsideTitle', { name });
      case 'hidden':
        return t('stats.mapHiddenTitle', { name });
      case 'none':
        return t('stats.mapValueTitle', { name, value: n(0) });
      default:
        return shown === 'rate' && s.rate !== null
          ? t('stats.mapRateTitle', { name, rate: formatRate(s.rate, lang), value: formatStat(s.value, 'survivors', lang) })
          : t('stats.mapValueTitle', { name, value: formatStat(s.value, 'survivors', lang) });
    }
  };
  const heading = t(shown === 'rate' ? 'stats.mapLegendRate' : 'stats.mapLegendCount');

  return (
    <section aria-labelledby="stats-map" class="stats-map">
      <h2 id="stats-map">{t('stats.mapTitle', { fy: n(fy) })}</h2>
      <div class="card">
        <fieldset class="map-mode no-print">
          <legend>{t('stats.mapShow')}</legend>
          <label class="check">
            <input type="radio" name="map-mode" checked={shown === 'count'} onChange={() => setMode('count')} /> {t('stats.mapCounts')}
          </label>
          <label class="check">
            <input type="radio" name="map-mode" checked={shown === 'rate'} disabled={!hasRates} onChange={() => setMode('rate')} />{' '}
            {t('stats.mapRates')}
          </label>
        </fieldset>
        <ErrorBox error={shapesError ?? error} />
        {!drawn || !states ? (
          !(shapesError ?? error) && <p role="status">{t('app.loading')}</p>
        ) : (
          <div class="map-body">
            <svg
              class="district-map"
              viewBox={`0 0 ${drawn.frame.width} ${Math.ceil(drawn.frame.height)}`}
              role="group"
              aria-label={`${t('stats.mapTitle', { fy: n(fy) })} · ${heading}`}
              data-testid="district-map"
            >
              <defs>
                <pattern id={HATCH_ID} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
                  <rect width="6" height="6" class="map-hatch-bg" />
                  <line x1="0" y1="0" x2="0" y2="6" class="map-hatch-line" />
                </pattern>
              </defs>
              {drawn.districts.map((d) => {
                const state = states.get(d.code) ?? { kind: 'none' };
                const title = titleOf(nameOf(d.code, d.name_en), state);
                return (
                  <path
                    key={d.code}
                    d={d.d}
                    class={`map-district ${fillClass(state, measure(state), classes)}`}
                    role="img"
                    aria-label={title}
                    data-district={d.code}
                    data-state={state.kind}
                  >
                    <title>{title}</title>
                  </path>
                );
              })}
            </svg>
            <div class="map-legend" data-testid="map-legend">
              <p class="map-legend-title">{heading}</p>
              <ul class="plain">
                {classes.map((c, i) => (
                  <li key={`${c.min}-${c.max}`}>
                    <Swatch fill={`map-s${shadeOf(i, classes.length)}`} />
                    {c.min === c.max ? fmt(c.min) : `${fmt(c.min)}–${fmt(c.max)}`}
                  </li>
                ))}
                {anyZero && (
                  <li>
                    <Swatch fill="map-zero" />
                    {t('stats.mapNone')}
                  </li>
                )}
                {kinds.has('hidden') && (
                  <li>
                    <Swatch fill="map-hidden" />
                    {t('stats.mapHidden')}
                  </li>
                )}
                {kinds.has('outside') && (
                  <li>
                    <Swatch fill="map-outside" />
                    {t('stats.mapOutside')}
                  </li>
                )}
              </ul>
              <p class="hint">
                {t('stats.mapClasses')} {t('stats.kNote', { k: n(answer?.k ?? 0) })}
                {shown === 'rate' ? ` ${t('stats.rateNote')}` : ''}
              </p>
              {unplaced && unplaced.value !== null && (
                <p class="hint">{t('stats.mapUnplaced', { value: formatStat(unplaced.value, 'survivors', lang) })}</p>
              )}
            </div>
          </div>
        )}
      </div>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Microdata for partners (analysts and system administrators; the server refuses everyone else)

const MICRODATA_ROLES = ['analyst', 'system_admin'];
const MICRODATA: { layout: 'ctdc' | 'htcds'; format: 'csv' | 'xlsx'; label: MessageKey }[] = [
  { layout: 'ctdc', format: 'csv', label: 'stats.microdataCtdcCsv' },
  { layout: 'ctdc', format: 'xlsx', label: 'stats.microdataCtdcXlsx' },
  { layout: 'htcds', format: 'csv', label: 'stats.microdataHtcdsCsv' },
  { layout: 'htcds', format: 'xlsx', label: 'stats.microdataHtcdsXlsx' },
];

function Microdata({ fy }: { fy: string }) {
  const { t, n } = useI18n();
  return (
    <section aria-labelledby="stats-microdata" class="no-print" data-testid="microdata">
      <h2 id="stats-microdata">{t('stats.microdata')}</h2>
      <p>{t('stats.microdataLead', { fy: n(fy) })}</p>
      <p class="actions">
        {MICRODATA.map((m) => (
          <a key={`${m.layout}-${m.format}`} class="btn" href={api.exportUrl(m.layout, fy, m.format)} download>
            {t(m.label)}
          </a>
        ))}
      </p>
    </section>
  );
}

/** The server's English note on rates, which the table already gives in the UI's language (stats.rateNote). */
const RATE_NOTE = /^Rates are per 100,000/;

function useFiscalYears(): { value: string; label: string }[] {
  const { n } = useI18n();
  return recentFiscalYears(9).map((fy) => ({ value: fy, label: n(fy) }));
}

export function StatisticsSection({ user }: { user: Me }) {
  const { t, lang, n } = useI18n();
  const years = useFiscalYears();
  const [fy, setFy] = useState(lastCompleteFiscalYear());
  const [headlines, setHeadlines] = useState<Record<string, StatsAnswer>>({});
  const [trend, setTrend] = useState<{ fy: string; value: number | null }[]>([]);
  const [error, setError] = useState<unknown>(null);
  const catalogue = useCachedList('stats:indicators', () => api.statsIndicators());
  const [indicator, setIndicator] = useState('survivors_identified');
  const [by, setBy] = useState('sex');
  const [rounding, setRounding] = useState('');
  const [breakdown, setBreakdown] = useState<StatsAnswer | null>(null);
  const [breakdownError, setBreakdownError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    Promise.all(HEADLINES.map((id) => api.statsQuery({ indicator: id, fy })))
      .then((answers) => {
        if (!live) return;
        const next: Record<string, StatsAnswer> = {};
        answers.forEach((a) => (next[a.indicator] = a));
        setHeadlines(next);
      })
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [fy]);

  useEffect(() => {
    let live = true;
    const span = years.slice(0, 8).map((y) => y.value).reverse();
    Promise.all(span.map((y) => api.statsQuery({ indicator: 'survivors_identified', fy: y })))
      .then((answers) => live && setTrend(answers.map((a, i) => ({ fy: span[i] ?? '', value: totalOf(a) }))))
      .catch(() => live && setTrend([]));
    return () => {
      live = false;
    };
  }, []);

  const chosen: Indicator | undefined = catalogue.find((i) => i.id === indicator);
  const dims = chosen?.dimensions ?? [];
  useEffect(() => {
    if (chosen && by && !chosen.dimensions.includes(by)) setBy('');
  }, [indicator, catalogue.length]);
  useEffect(() => {
    let live = true;
    setBreakdownError(null);
    api
      .statsQuery({ indicator, fy, by, rounding: rounding || undefined })
      .then((a) => live && setBreakdown(a))
      .catch((e) => {
        if (!live) return;
        setBreakdown(null);
        setBreakdownError(e);
      });
    return () => {
      live = false;
    };
  }, [indicator, by, fy, rounding]);

  const area = headlines.survivors_identified;
  const areaCode = area?.local_level || area?.district || area?.province || '';
  const districts = useAllDistricts(lang);
  const provinces = useGeo('provinces');
  const areaUnit = [...provinces, ...districts].find((u) => u.code === areaCode);
  const title = (i: { title_en: string; title_ne: string }) => (lang === 'ne' ? i.title_ne || i.title_en : i.title_en);
  const reportQuery = (format: string) => `/api/v1/stats/report${queryString({ fy, format })}`;
  const trendTop = Math.max(1, ...trend.map((p) => p.value ?? 0));

  return (
    <>
      <PageTitle>{t('stats.title')}</PageTitle>
      <p class="lead">
        {t('stats.area')}: <strong data-testid="stats-area">{areaUnit ? geoName(lang, areaUnit) : t('stats.national')}</strong>
        {user.organization?.name ? ` · ${user.organization.name}` : ''}
      </p>
      <div class="card filters no-print">
        <SelectField label={t('stats.fiscalYear')} value={fy} onValue={setFy} options={years} />
        <p class="hint">
          <a href="/public/stats">{t('stats.publicLink')}</a>
        </p>
      </div>
      <ErrorBox error={error} />

      <section aria-labelledby="stats-headlines">
        <h2 id="stats-headlines">{t('stats.headlines', { fy: n(fy) })}</h2>
        <div class="stat-cards">
          {HEADLINES.map((id) => {
            const a = headlines[id];
            return (
              <div class="card stat-card" key={id} data-testid={`headline-${id}`}>
                <div class="stat-value">{a ? <Value value={totalOf(a)} unit={a.unit} /> : '…'}</div>
                <div class="stat-label">{a ? title(a) : id}</div>
              </div>
            );
          })}
        </div>
      </section>

      {trend.length > 0 && (
        <section aria-labelledby="stats-trend">
          <h2 id="stats-trend">{t('stats.trend')}</h2>
          <div class="card">
            <svg class="trend" viewBox={`0 0 ${trend.length * 60} 150`} role="img" aria-label={t('stats.trend')}>
              {trend.map((p, i) => {
                const h = p.value === null ? 0 : (110 * p.value) / trendTop;
                return (
                  <g key={p.fy}>
                    {p.value !== null ? (
                      <rect x={i * 60 + 12} y={125 - h} width={36} height={h} class="trend-bar" />
                    ) : (
                      <text x={i * 60 + 30} y={120} text-anchor="middle" class="trend-label">
                        –
                      </text>
                    )}
                    <text x={i * 60 + 30} y={120 - h} text-anchor="middle" class="trend-label">
                      {p.value === null ? '' : n(p.value)}
                    </text>
                    <text x={i * 60 + 30} y={142} text-anchor="middle" class="trend-axis">
                      {n(p.fy)}
                    </text>
                  </g>
                );
              })}
            </svg>
          </div>
        </section>
      )}

      <DistrictMap fy={fy} />

      <section aria-labelledby="stats-explore">
        <h2 id="stats-explore">{t('stats.explore')}</h2>
        <div class="card filters no-print">
          <SelectField
            label={t('stats.indicator')}
            value={indicator}
            onValue={setIndicator}
            options={catalogue.map((i) => ({ value: i.id, label: title(i) }))}
          />
          <FilterSelect
            label={t('stats.by')}
            value={by}
            onValue={setBy}
            options={dims.map((d) => ({ value: d, label: translateDynamic(lang, `statsDim.${d}`, d.replace(/_/g, ' ')) }))}
          />
          <SelectField
            label={t('stats.rounding')}
            value={rounding}
            onValue={setRounding}
            options={[
              { value: '', label: t('stats.noRounding') },
              { value: '5', label: n(5) },
              { value: '10', label: n(10) },
            ]}
          />
        </div>
        {chosen && <p class="hint">{chosen.definition}</p>}
        <ErrorBox error={breakdownError} />
        {breakdown && (
          <StatTable
            answer={breakdown}
            dimension={by || null}
            caption={`${title(breakdown)}${by ? ` · ${translateDynamic(lang, `statsDim.${by}`, by)}` : ''} · ${n(fy)}`}
          />
        )}
        {breakdown?.notes
          .filter((note) => !RATE_NOTE.test(note))
          .map((note) => (
            <p class="hint" key={note}>
              {note}
            </p>
          ))}
      </section>

      <section aria-labelledby="stats-report" class="no-print">
        <h2 id="stats-report">{t('stats.report')}</h2>
        <p>
          <a class="btn" href={reportQuery('html')} target="_blank" rel="noopener">
            {t('stats.reportHtml')}
          </a>{' '}
          <a class="btn" href={reportQuery('pdf')} download>
            {t('stats.reportPdf')}
          </a>{' '}
          <button type="button" class="btn" onClick={() => window.print()}>
            {t('stats.print')}
          </button>
        </p>
      </section>

      {user.roles.some((r) => MICRODATA_ROLES.includes(r)) && <Microdata fy={fy} />}
    </>
  );
}

const PUBLIC_DIMS = [null, 'sex', 'province', 'exploitation_type', 'age_band', 'service_type', 'status'];

/** /public/stats: the released national tables, for anyone. */
export function PublicStats() {
  const { t, lang, n } = useI18n();
  const years = useFiscalYears();
  const [fy, setFy] = useState(lastCompleteFiscalYear());
  const [tables, setTables] = useState<StatsAnswer[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    setError(null);
    api
      .statsPublic(fy)
      .then((r) => live && setTables(r.tables))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [fy]);
  const dimensionOf = (a: StatsAnswer) => {
    const keys = Object.keys(a.cells[0] ?? {}).filter((k) => k !== 'value' && k !== 'suppressed');
    return PUBLIC_DIMS.find((d) => d !== null && keys.includes(d)) ?? null;
  };
  return (
    <>
      <PageTitle>{t('stats.publicTitle')}</PageTitle>
      <p class="lead">{t('stats.publicLead')}</p>
      <div class="card filters">
        <SelectField label={t('stats.fiscalYear')} value={fy} onValue={setFy} options={years} />
      </div>
      <ErrorBox error={error} />
      {tables === null && !error && <p role="status">{t('app.loading')}</p>}
      <div class="stat-grid">
        {tables?.map((a, i) => {
          const dim = dimensionOf(a);
          const title = lang === 'ne' ? a.title_ne || a.title_en : a.title_en;
          return (
            <StatTable
              key={i}
              answer={a}
              dimension={dim}
              caption={`${title}${dim ? ` · ${translateDynamic(lang, `statsDim.${dim}`, dim)}` : ''} · ${n(a.fiscal_year ?? fy)}`}
            />
          );
        })}
      </div>
    </>
  );
}
