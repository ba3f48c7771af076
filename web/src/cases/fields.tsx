// Renders field specs (lib/forms.ts) as accessible inputs, and as read-only facts.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { CodeItem, Country, GeoUnit, Organization } from '../api';
import { RequiredMark, useId } from '../components';
import { useI18n, type MessageKey } from '../i18n';
import { formatBsWithAd, localDigits, parseYmd, toDevanagariDigits } from '../lib/bs';
import {
  asciiDigits,
  bsTextFromAd,
  getPath,
  parseBsText,
  todayBsText,
  toDraft,
  type Draft,
  type DraftValue,
  type FieldErrors,
  type FieldSpec,
  emptySuspect,
  suspectFromApi,
  SUSPECT_OUTCOMES,
  type Hearing,
  type Suspect,
  type SuspectOutcome,
} from '../lib/forms';
import {
  codeLabel,
  countryName,
  geoName,
  useAllDistricts,
  useCodeList,
  useCountries,
  useGeo,
  useGeoName,
  useOrganizations,
} from '../refdata';
import type { SpecGroup } from './specs';

// ---------------------------------------------------------------------------------------------------------------
// Labels of codes

/** Options of a select/multi field: the server's code list, or the spec's fixed codes with our translations. */
function useOptions(spec: Pick<FieldSpec, 'list' | 'codes' | 'prefix' | 'options'>): { value: string; label: string }[] {
  const { lang } = useI18n();
  const items = useCodeList(spec.list ?? '', spec.list ? [...(spec.codes ?? [])] : []);
  if (spec.options) return [...spec.options];
  const codes = spec.list ? items.map((i) => i.code) : [...(spec.codes ?? [])];
  return codes.map((c) => ({ value: c, label: labelOf(lang, spec, c, items) }));
}

function labelOf(lang: 'en' | 'ne', spec: Pick<FieldSpec, 'list' | 'prefix'>, code: string, items?: CodeItem[]): string {
  return codeLabel(lang, spec.prefix ?? `cl.${spec.list}`, code, items);
}

/** A code shown with its label. */
export function Code({ list, prefix, code, fallback = [] }: { list?: string; prefix?: string; code: string | undefined | null; fallback?: readonly string[] }) {
  const { lang, t } = useI18n();
  const items = useCodeList(list ?? '', list ? [...fallback] : []);
  if (!code) return <>{t('common.none')}</>;
  return <>{labelOf(lang, { list, prefix }, code, list ? items : undefined)}</>;
}

export function GeoName({ code }: { code: string | undefined | null }) {
  const { lang, t } = useI18n();
  const unit = useGeoName(code);
  if (!code) return <>{t('common.none')}</>;
  return <>{unit ? geoName(lang, unit) : localDigits(code, lang)}</>;
}

/** "2083-08-06 BS (22 Nov 2026)", "2083-08 BS" for a month, "२०८३ वि.सं." for a year. */
export function formatDate(ad: unknown, precision: unknown, lang: 'en' | 'ne'): string {
  if (typeof ad !== 'string' || !ad) return '';
  if (precision === 'year' || precision === 'month') {
    const bs = bsTextFromAd(ad, precision);
    return bs ? localDigits(bs, lang) + (lang === 'ne' ? ' वि.सं.' : ' BS') : localDigits(ad, lang);
  }
  try {
    return formatBsWithAd(parseYmd(ad), lang);
  } catch {
    return localDigits(ad, lang);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Inputs

interface FieldProps {
  spec: FieldSpec;
  value: DraftValue;
  onValue: (v: DraftValue) => void;
  draft: Draft;
  error?: string;
}

function Shell(props: { id: string; spec: FieldSpec; error?: string; children: ComponentChildren; hintText?: string }) {
  const { t } = useI18n();
  const { spec, id } = props;
  const hint = props.hintText ?? (spec.hint ? t(spec.hint) : '');
  return (
    <div class={`field${spec.wide ? ' wide' : ''}${props.error ? ' has-error' : ''}`}>
      <label for={id}>
        {t(spec.label)}
        {spec.required && <RequiredMark />}
      </label>
      {props.children}
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {props.error && (
        <p class="field-error" id={`${id}-err`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/** aria attributes tying an input to its hint and error. */
function described(id: string, hint: boolean, error?: string) {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ');
  return { 'aria-describedby': ids || undefined, 'aria-invalid': error ? ('true' as const) : undefined };
}

export function Field(props: FieldProps) {
  const { spec } = props;
  switch (spec.kind) {
    case 'date':
      return <DateField {...props} />;
    case 'bool':
      return <BoolField {...props} />;
    case 'select':
      return <SelectInput {...props} />;
    case 'multi':
      return <MultiField {...props} />;
    case 'country':
      return <CountryField {...props} />;
    case 'district':
      return <DistrictField {...props} />;
    case 'localLevel':
      return <LocalLevelField {...props} />;
    case 'org':
      return <OrgField {...props} />;
    case 'checklist':
      return <ChecklistField {...props} />;
    case 'suspects':
      return <SuspectsField {...props} />;
    case 'hearings':
      return <HearingsField {...props} />;
    default:
      return <TextInput {...props} />;
  }
}

function TextInput({ spec, value, onValue, error }: FieldProps) {
  const { lang } = useI18n();
  const id = useId('cf');
  const s = String(value ?? '');
  const aria = described(id, !!spec.hint, error);
  if (spec.kind === 'textarea' || spec.kind === 'lines') {
    return (
      <Shell id={id} spec={spec} error={error}>
        <textarea id={id} rows={spec.kind === 'lines' ? 3 : 4} value={s} onInput={(e) => onValue(e.currentTarget.value)} aria-required={spec.required} {...aria} />
      </Shell>
    );
  }
  const number = spec.kind === 'number';
  return (
    <Shell id={id} spec={spec} error={error}>
      <input
        id={id}
        type={spec.kind === 'tel' ? 'tel' : 'text'}
        inputMode={number ? 'numeric' : spec.kind === 'tel' ? 'tel' : undefined}
        autoComplete="off"
        class={number ? 'short' : undefined}
        value={number ? localDigits(s, lang) : s}
        onInput={(e) => onValue(number ? asciiDigits(e.currentTarget.value) : e.currentTarget.value)}
        aria-required={spec.required}
        {...aria}
      />
    </Shell>
  );
}

/** A BS date typed as text ("2083-08-06"), with the AD date it stands for shown beside it. */
export function BsDateInput(props: {
  id: string;
  value: string;
  onValue: (v: string) => void;
  partial?: boolean;
  end?: boolean;
  error?: string;
  required?: boolean;
  describedBy?: string;
  label?: string;
}) {
  const { t, lang } = useI18n();
  const parsed = parseBsText(props.value, props.end);
  let status: string;
  if (parsed === 'empty') status = t(props.partial ? 'date.formatPartial' : 'date.format');
  else if (parsed === 'invalid') status = t('date.invalid');
  else if (parsed.precision !== 'day' && !props.partial) status = t('form.dateFull');
  else {
    const ad = parseYmd(parsed.ad);
    const adText = lang === 'ne' ? toDevanagariDigits(parsed.ad) : `${ad.day} ${AD_MONTHS[ad.month - 1]} ${ad.year}`;
    status = t(parsed.precision === 'day' ? 'date.ad' : props.end ? 'date.adUntil' : 'date.adFrom', { ad: adText });
  }
  const statusId = `${props.id}-ad`;
  return (
    <>
      <div class="date-input">
        <input
          id={props.id}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          placeholder={t(props.partial ? 'date.placeholderPartial' : 'date.placeholder')}
          value={localDigits(props.value, lang)}
          onInput={(e) => props.onValue(asciiDigits(e.currentTarget.value))}
          aria-required={props.required}
          aria-invalid={props.error || parsed === 'invalid' ? 'true' : undefined}
          aria-describedby={[statusId, props.describedBy].filter(Boolean).join(' ')}
          aria-label={props.label}
        />
        <button type="button" class="btn btn-small" onClick={() => props.onValue(todayBsText())}>
          {t('date.today')}
          {props.label && <span class="sr-only"> ({props.label})</span>}
        </button>
      </div>
      <p class={parsed === 'invalid' ? 'hint date-ad bad' : 'hint date-ad'} id={statusId} aria-live="polite">
        {status}
      </p>
    </>
  );
}

const AD_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function DateField({ spec, value, onValue, error }: FieldProps) {
  const { t } = useI18n();
  const id = useId('cf');
  return (
    <div class={`field${spec.wide ? ' wide' : ''}${error ? ' has-error' : ''}`}>
      <label for={id}>
        {t(spec.label)} <span class="muted small">{t('date.bs')}</span>
        {spec.required && <RequiredMark />}
      </label>
      <BsDateInput
        id={id}
        value={String(value ?? '')}
        onValue={onValue}
        partial={!!spec.precision}
        error={error}
        required={spec.required}
        describedBy={error ? `${id}-err` : undefined}
      />
      {error && (
        <p class="field-error" id={`${id}-err`}>
          {error}
        </p>
      )}
    </div>
  );
}

function BoolField({ spec, value, onValue, error }: FieldProps) {
  const { t } = useI18n();
  const id = useId('cf');
  return (
    <div class={`field${spec.wide ? ' wide' : ''}`}>
      <label class="check" for={id}>
        <input id={id} type="checkbox" checked={value === true} onChange={(e) => onValue(e.currentTarget.checked)} {...described(id, !!spec.hint, error)} />{' '}
        {t(spec.label)}
      </label>
      {spec.hint && (
        <p class="hint" id={`${id}-hint`}>
          {t(spec.hint)}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-err`}>
          {error}
        </p>
      )}
    </div>
  );
}

function PlainSelect(props: FieldProps & { options: { value: string; label: string }[] }) {
  const { t } = useI18n();
  const id = useId('cf');
  const { spec, error } = props;
  const v = String(props.value ?? '');
  // A stored code the list does not know (yet) stays selectable rather than silently changing.
  const options = v && !props.options.some((o) => o.value === v) ? [...props.options, { value: v, label: v }] : props.options;
  return (
    <Shell id={id} spec={spec} error={error}>
      <select id={id} value={v} onChange={(e) => props.onValue(e.currentTarget.value)} aria-required={spec.required} {...described(id, !!spec.hint, error)}>
        <option value="">{spec.required ? t('common.choose') : t('form.notKnown')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Shell>
  );
}

function SelectInput(props: FieldProps) {
  return <PlainSelect {...props} options={useOptions(props.spec)} />;
}

function CountryField(props: FieldProps) {
  const { lang } = useI18n();
  const countries = useCountries(lang);
  return <PlainSelect {...props} options={countries.map((c) => ({ value: c.alpha2, label: countryName(lang, c.alpha2, countries) }))} />;
}

function DistrictField(props: FieldProps) {
  const { lang } = useI18n();
  const districts = useAllDistricts(lang);
  return <PlainSelect {...props} options={districts.map((d) => ({ value: d.code, label: geoName(lang, d) }))} />;
}

function OrgField(props: FieldProps) {
  const orgs = useOrganizations();
  return <PlainSelect {...props} options={orgs.map((o) => ({ value: o.id, label: o.name }))} />;
}

function LocalLevelField(props: FieldProps) {
  const { t, lang } = useI18n();
  const { spec, draft } = props;
  const value = String(props.value ?? '');
  // With a district field beside it, that one decides; otherwise the field offers its own district choice.
  const [ownDistrict, setOwnDistrict] = useState(value.slice(0, 3));
  const district = spec.district ? String(draft[spec.district] ?? '') : ownDistrict;
  const locals = useGeo('local-levels', district);
  const districts = useAllDistricts(lang);
  const districtId = useId('cf');
  const options = locals.map((l: GeoUnit) => ({ value: l.code, label: geoName(lang, l) }));
  // A local level outside the chosen district is dropped, not sent.
  useEffect(() => {
    if (value && district && !value.startsWith(district)) props.onValue('');
  }, [district]);
  return (
    <>
      {!spec.district && (
        <div class="field">
          <label for={districtId}>{t('form.districtOf', { field: t(spec.label) })}</label>
          <select id={districtId} value={ownDistrict} onChange={(e) => setOwnDistrict(e.currentTarget.value)}>
            <option value="">{t('form.notKnown')}</option>
            {districts.map((d) => (
              <option key={d.code} value={d.code}>
                {geoName(lang, d)}
              </option>
            ))}
          </select>
        </div>
      )}
      {district ? (
        <PlainSelect {...props} options={options} />
      ) : (
        spec.district && (
          <Shell id={`${districtId}-none`} spec={spec} hintText={t('form.chooseDistrictFirst')}>
            <select id={`${districtId}-none`} disabled aria-describedby={`${districtId}-none-hint`}>
              <option value="">{t('form.notKnown')}</option>
            </select>
          </Shell>
        )
      )}
    </>
  );
}

function MultiField({ spec, value, onValue, error }: FieldProps) {
  const { t } = useI18n();
  const options = useOptions(spec);
  const selected = (value as string[]) ?? [];
  const id = useId('cf');
  return (
    <fieldset class={`checks${spec.wide ? ' wide' : ''}${error ? ' has-error' : ''}`} aria-describedby={error ? `${id}-err` : undefined}>
      <legend>{t(spec.label)}</legend>
      {options.map((o) => (
        <label key={o.value} class="check">
          <input
            type="checkbox"
            value={o.value}
            checked={selected.includes(o.value)}
            onChange={(e) => onValue(e.currentTarget.checked ? [...selected, o.value] : selected.filter((v) => v !== o.value))}
          />{' '}
          {o.label}
        </label>
      ))}
      {error && (
        <p class="field-error" id={`${id}-err`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

function ChecklistField({ spec, value, onValue, error }: FieldProps) {
  const { t } = useI18n();
  const v = (value as Record<string, boolean>) ?? {};
  return (
    <fieldset class={`checks one-col${spec.wide ? ' wide' : ''}`}>
      <legend>{t(spec.label)}</legend>
      {(spec.keys ?? []).map((k) => (
        <label key={k} class="check">
          <input type="checkbox" checked={v[k] === true} onChange={(e) => onValue({ ...v, [k]: e.currentTarget.checked })} />{' '}
          {t(`consentCheck.${k}` as MessageKey)}
        </label>
      ))}
      {error && <p class="field-error">{error}</p>}
    </fieldset>
  );
}

function SuspectsField({ spec, value, onValue, error }: FieldProps) {
  const { t } = useI18n();
  const rows = (value as Suspect[]) ?? [];
  const roles = useOptions({ list: 'perpetrator_role', codes: [] });
  const baseId = useId('sp');
  const set = (i: number, s: Suspect) => onValue(rows.map((r, j) => (j === i ? s : r)));
  return (
    <fieldset class="repeat wide">
      <legend>{t(spec.label)}</legend>
      {rows.length === 0 && <p class="muted small">{t('common.none')}</p>}
      {rows.map((r, i) => {
        // A verdict on a person means they were prosecuted: the box is then ticked and fixed.
        const verdict = r.outcome === 'convicted' || r.outcome === 'acquitted';
        const hintId = `${baseId}-${i}-hint`;
        return (
          <div class="repeat-block suspect" key={i}>
            <div class="suspect-who">
              <input
                type="text"
                autoComplete="off"
                aria-label={t('justice.suspectName', { n: i + 1 })}
                placeholder={t('justice.suspectNamePlaceholder')}
                value={r.name}
                onInput={(e) => set(i, { ...r, name: e.currentTarget.value })}
              />
              <select aria-label={t('justice.suspectRole', { n: i + 1 })} value={r.role} onChange={(e) => set(i, { ...r, role: e.currentTarget.value })}>
                <option value="">{t('justice.role')}</option>
                {roles.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </div>
            <div class="suspect-stages">
              <label class="check">
                <input
                  type="checkbox"
                  aria-label={t('justice.suspectArrested', { n: i + 1 })}
                  checked={r.arrested}
                  onChange={(e) => set(i, { ...r, arrested: e.currentTarget.checked })}
                />{' '}
                {t('justice.arrested')}
              </label>
              <label class="check">
                <input
                  type="checkbox"
                  aria-label={t('justice.suspectProsecuted', { n: i + 1 })}
                  checked={r.prosecuted || verdict}
                  disabled={verdict}
                  aria-describedby={verdict ? hintId : undefined}
                  onChange={(e) => set(i, { ...r, prosecuted: e.currentTarget.checked })}
                />{' '}
                {t('justice.prosecuted')}
              </label>
              <select
                aria-label={t('justice.suspectOutcome', { n: i + 1 })}
                value={r.outcome}
                onChange={(e) => {
                  const outcome = e.currentTarget.value as SuspectOutcome;
                  const decided = outcome === 'convicted' || outcome === 'acquitted';
                  set(i, { ...r, outcome, prosecuted: r.prosecuted || decided });
                }}
              >
                <option value="">{t('justice.outcomeNotSet')}</option>
                {SUSPECT_OUTCOMES.map((o) => (
                  <option key={o} value={o}>
                    {t(`verdict.${o}`)}
                  </option>
                ))}
              </select>
            </div>
            {verdict && (
              <p class="hint" id={hintId}>
                {t('justice.verdictMeansProsecuted')}
              </p>
            )}
            <button type="button" class="btn btn-small" onClick={() => onValue(rows.filter((_, j) => j !== i))}>
              {t('form.remove')}
              <span class="sr-only"> {t('justice.suspectName', { n: i + 1 })}</span>
            </button>
          </div>
        );
      })}
      <button type="button" class="btn btn-small" onClick={() => onValue([...rows, emptySuspect()])}>
        {t('justice.addSuspect')}
      </button>
      {error && <p class="field-error">{error}</p>}
    </fieldset>
  );
}

function HearingsField({ spec, value, onValue, error, errors }: FieldProps & { errors?: FieldErrors }) {
  const { t } = useI18n();
  const rows = (value as Hearing[]) ?? [];
  const baseId = useId('hr');
  const set = (i: number, h: Hearing) => onValue(rows.map((r, j) => (j === i ? h : r)));
  return (
    <fieldset class="repeat wide">
      <legend>{t(spec.label)}</legend>
      {rows.length === 0 && <p class="muted small">{t('common.none')}</p>}
      {rows.map((r, i) => {
        const err = errors?.[`${spec.path}.${i}.date`];
        return (
          <div class="repeat-block" key={i}>
            <BsDateInput
              id={`${baseId}-${i}`}
              label={t('justice.hearingDate', { n: i + 1 })}
              value={r.date}
              onValue={(d) => set(i, { ...r, date: d })}
              error={err}
            />
            {err && <p class="field-error">{err}</p>}
            <input
              type="text"
              autoComplete="off"
              aria-label={t('justice.hearingNote', { n: i + 1 })}
              placeholder={t('justice.hearingNotePlaceholder')}
              value={r.note}
              onInput={(e) => set(i, { ...r, note: e.currentTarget.value })}
            />
            <button type="button" class="btn btn-small" onClick={() => onValue(rows.filter((_, j) => j !== i))}>
              {t('form.remove')}
              <span class="sr-only"> {t('justice.hearingDate', { n: i + 1 })}</span>
            </button>
          </div>
        );
      })}
      <button type="button" class="btn btn-small" onClick={() => onValue([...rows, { date: '', note: '' }])}>
        {t('justice.addHearing')}
      </button>
      {error && <p class="field-error">{error}</p>}
    </fieldset>
  );
}

/** A form's fields, in groups; hidden fields (spec.when) are left out. */
export function Fields(props: {
  groups: SpecGroup[];
  draft: Draft;
  onDraft: (d: Draft) => void;
  errors: FieldErrors;
  /** Called with a field's path when the user changes it, so its error can go. */
  onEdited?: (path: string) => void;
}) {
  const { t } = useI18n();
  const { draft, errors } = props;
  const change = (path: string) => (v: DraftValue) => {
    props.onDraft({ ...draft, [path]: v });
    if (Object.keys(errors).length > 0) props.onEdited?.(path);
  };
  const field = (spec: FieldSpec) =>
    spec.when && !spec.when(draft) ? null : spec.kind === 'hearings' ? (
      <HearingsField
        key={spec.path}
        spec={spec}
        draft={draft}
        value={draft[spec.path] ?? []}
        onValue={change(spec.path)}
        error={errors[spec.path]}
        errors={errors}
      />
    ) : (
      <Field key={spec.path} spec={spec} draft={draft} value={draft[spec.path] ?? ''} onValue={change(spec.path)} error={errors[spec.path]} />
    );
  return (
    <>
      {props.groups.map((g, i) => {
        const body = <div class="form-grid">{g.fields.map(field)}</div>;
        const hasError = g.fields.some((f) => errors[f.path]);
        const filled = g.fields.some((f) => {
          const v = draft[f.path];
          return Array.isArray(v) ? v.length > 0 : typeof v === 'string' ? v !== '' : false;
        });
        if (g.more) {
          return (
            <details class="group more" key={i} open={hasError || filled}>
              <summary>{g.legend ? t(g.legend) : ''}</summary>
              {body}
            </details>
          );
        }
        return g.legend ? (
          <fieldset class="group" key={i}>
            <legend>{t(g.legend)}</legend>
            {body}
          </fieldset>
        ) : (
          <div key={i}>{body}</div>
        );
      })}
    </>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Read-only view

function OrgName({ id }: { id: string }) {
  const orgs: Organization[] = useOrganizations();
  return <>{orgs.find((o) => o.id === id)?.name ?? id}</>;
}

function CountryName({ code }: { code: string }) {
  const { lang } = useI18n();
  const countries: Country[] = useCountries(lang);
  return <>{countryName(lang, code, countries)}</>;
}

function CodeList({ spec, codes }: { spec: FieldSpec; codes: string[] }) {
  const { lang } = useI18n();
  const items = useCodeList(spec.list ?? '', spec.list ? [...(spec.codes ?? [])] : []);
  if (spec.options) return <>{codes.map((c) => spec.options?.find((o) => o.value === c)?.label ?? c).join(', ')}</>;
  return <>{codes.map((c) => labelOf(lang, spec, c, spec.list ? items : undefined)).join(', ')}</>;
}

/** How far one suspect's case went: "Arrested · Prosecuted · Convicted" ("" when nothing is recorded). */
function suspectStages(t: ReturnType<typeof useI18n>['t'], s: Suspect): string {
  const stages: string[] = [];
  if (s.arrested) stages.push(t('justice.arrested'));
  if (s.prosecuted) stages.push(t('justice.prosecutedShort'));
  if (s.outcome === 'pending') stages.push(t('justice.outcomePending'));
  else if (s.outcome) stages.push(t(`verdict.${s.outcome}`));
  return stages.join(' · ');
}

function SuspectList({ rows }: { rows: unknown[] }) {
  const { t } = useI18n();
  return (
    <ul class="plain">
      {rows.map(suspectFromApi).map((s, i) => {
        const stages = suspectStages(t, s);
        return (
          <li key={i} data-testid="suspect">
            {s.name || '—'}
            {s.role && (
              <>
                {' '}
                (<Code list="perpetrator_role" code={s.role} />)
              </>
            )}
            {stages && <span class="suspect-stage-list"> — {stages}</span>}
          </li>
        );
      })}
    </ul>
  );
}

/** The value of one field of a stored object, formatted; null when there is nothing to show. */
export function FactValue({ spec, obj }: { spec: FieldSpec; obj: unknown }): ComponentChildren {
  const { t, n, lang } = useI18n();
  const v = getPath(obj, spec.path);
  if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) return null;
  switch (spec.kind) {
    case 'number':
      return n(String(v));
    case 'date':
      return formatDate(v, spec.precision ? getPath(obj, spec.precision) : 'day', lang);
    case 'bool':
      return v === true ? t('common.yes') : t('common.no');
    case 'select':
      if (spec.options) return spec.options.find((o) => o.value === v)?.label ?? String(v);
      return <Code list={spec.list} prefix={spec.prefix} code={String(v)} fallback={spec.codes} />;
    case 'multi':
      return <CodeList spec={spec} codes={(v as unknown[]).map(String)} />;
    case 'list':
      return Array.isArray(v) ? v.join(', ') : String(v);
    case 'lines':
      return Array.isArray(v) ? (
        <ul class="plain">
          {v.map((x, i) => (
            <li key={i}>{String(x)}</li>
          ))}
        </ul>
      ) : (
        String(v)
      );
    case 'country':
      return <CountryName code={String(v)} />;
    case 'district':
    case 'localLevel':
      return <GeoName code={String(v)} />;
    case 'org':
      return <OrgName id={String(v)} />;
    case 'checklist': {
      const c = v as Record<string, boolean>;
      return (
        <ul class="plain checklist">
          {(spec.keys ?? []).map((k) => (
            <li key={k} class={c[k] ? 'yes' : 'no'}>
              <span aria-hidden="true">{c[k] ? '✓ ' : '✗ '}</span>
              <span class="sr-only">{c[k] ? t('common.yes') : t('common.no')}: </span>
              {t(`consentCheck.${k}` as MessageKey)}
            </li>
          ))}
        </ul>
      );
    }
    case 'suspects':
      return <SuspectList rows={Array.isArray(v) ? v : []} />;
    case 'hearings':
      return (
        <ul class="plain">
          {(v as { date?: string; note?: string }[]).map((h, i) => (
            <li key={i}>
              {formatDate(h.date, 'day', lang)} {h.note ? `— ${h.note}` : ''}
            </li>
          ))}
        </ul>
      );
    default:
      return String(v);
  }
}

/** Facts of a stored object; empty fields are left out (or shown as "—" with showEmpty). */
export function Facts({ specs, obj, showEmpty = false, skip = [] }: { specs: FieldSpec[]; obj: unknown; showEmpty?: boolean; skip?: string[] }) {
  const { t } = useI18n();
  // A field the form hides (spec.when) is left out here too, e.g. the labour sector without labour exploitation.
  const draft = specs.some((s) => s.when) ? toDraft(specs, obj) : {};
  const shown = specs.filter((s) => !skip.includes(s.path) && (!s.when || s.when(draft)));
  return (
    <dl class="facts compact">
      {shown.map((spec) => {
        const v = getPath(obj, spec.path);
        const empty = v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
        if (empty && !showEmpty) return null;
        return (
          <div key={spec.path} class={spec.wide ? 'wide' : undefined}>
            <dt>{t(spec.label)}</dt>
            <dd>{empty ? t('common.none') : <FactValue spec={spec} obj={obj} />}</dd>
          </div>
        );
      })}
    </dl>
  );
}
