// Statistics: the dashboard at /statistics (analysts, committees, administrators: headline figures, a
// trend over fiscal years, a breakdown explorer and the annual report) and the public page /public/stats.
// Every figure comes released from the server; hidden ones show as "–".
import { useEffect, useState } from 'preact/hooks';
import { api, queryString, type Me } from '../api';
import { ErrorBox, FilterSelect, PageTitle, SelectField } from '../components';
import { translateDynamic, useI18n } from '../i18n';
import { codeLabel, geoName, useAllDistricts, useCachedList, useCodeList, useGeo } from '../refdata';
import { lastCompleteFiscalYear, recentFiscalYears, rowsOf, totalOf, type Indicator, type StatsAnswer } from './lib';

const HEADLINES = ['survivors_identified', 'interceptions', 'rescues', 'repatriations', 'referrals_made', 'open_caseload'];
const CODE_LISTS: Record<string, string> = {
  sex: 'sex',
  exploitation_type: 'exploitation_type',
  service_type: 'support_type',
  identification_source: 'identification_source',
  trafficking_status: 'trafficking_status',
};

/** Labels for the values of a breakdown, in the UI language. */
function useLabels(): (dimension: string, code: string) => string {
  const { t, lang } = useI18n();
  const lists: Record<string, ReturnType<typeof useCodeList>> = {
    sex: useCodeList('sex', []),
    exploitation_type: useCodeList('exploitation_type', []),
    support_type: useCodeList('support_type', []),
    identification_source: useCodeList('identification_source', []),
    trafficking_status: useCodeList('trafficking_status', []),
  };
  const provinces = useGeo('provinces');
  const districts = useAllDistricts(lang);
  return (dimension, code) => {
    if (code === '*') return t('stats.total');
    if (code === 'unknown') return t('stats.unknown');
    if (dimension === 'province' || dimension === 'district' || dimension === 'origin_district') {
      const unit = [...provinces, ...districts].find((u) => u.code === code);
      return unit ? geoName(lang, unit) : code;
    }
    const list = CODE_LISTS[dimension];
    if (list) return codeLabel(lang, list, code, lists[list]);
    if (dimension === 'status') return translateDynamic(lang, `refStatus.${code}`, code.replace(/_/g, ' '));
    if (dimension === 'stage') return translateDynamic(lang, `case.${code}`, code.replace(/_/g, ' '));
    return code.replace(/_/g, ' ');
  };
}

function Value({ value }: { value: number | null }) {
  const { t, n } = useI18n();
  if (value === null) {
    return (
      <span class="stat-hidden" title={t('stats.hiddenWhy')}>
        –<span class="sr-only"> {t('stats.hidden')}</span>
      </span>
    );
  }
  return <>{n(value.toLocaleString('en-IN'))}</>;
}

/** One released table: its rows with bars, totals last, and what was done to protect people. */
export function StatTable({ answer, dimension, caption }: { answer: StatsAnswer; dimension: string | null; caption: string }) {
  const { t, n } = useI18n();
  const label = useLabels();
  const rows = rowsOf(answer, dimension);
  const top = Math.max(1, ...rows.filter((r) => !r.total).map((r) => r.value ?? 0));
  return (
    <div class="card stat-table">
      <table class="table">
        <caption>{caption}</caption>
        <tbody>
          {rows.map((r) => (
            <tr key={r.code} class={r.total ? 'total' : ''}>
              <th scope="row">{dimension ? label(dimension, r.code) : t('stats.total')}</th>
              <td class="num">
                <Value value={r.value} />
              </td>
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
      </p>
    </div>
  );
}

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
                <div class="stat-value">{a ? <Value value={totalOf(a)} /> : '…'}</div>
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
        {breakdown?.notes.map((note) => (
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
