// Opening a case: person (and how they were identified) → consent → profile → first event → review. Only a
// name, sex and identification source are needed; everything else can wait. Nothing is kept outside this
// component's memory: leaving the page forgets what was typed.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type CaseView, type ItemKind } from '../api';
import { ErrorBox, PageTitle } from '../components';
import { useI18n, type MessageKey } from '../i18n';
import {
  hasErrorsFor,
  matchErrors,
  todayBsText,
  toDraft,
  toPayload,
  validate,
  type Draft,
  type FieldErrors,
  type FieldSpec,
} from '../lib/forms';
import { CONSENT_CHECKLIST, CONSENT_PURPOSES } from '../refdata';
import { Link } from '../router';
import { Facts, Fields } from './fields';
import { consentCheck } from './items';
import {
  CASE_GROUPS,
  CASE_SPECS,
  EVENT_SPECS,
  PERSON_GROUPS,
  PERSON_SPECS,
  PROFILE_GROUPS,
  PROFILE_SPECS,
  type SpecGroup,
} from './specs';

const STEPS = ['person', 'consent', 'profile', 'event', 'review'] as const;
type Step = (typeof STEPS)[number];
const STEP_TITLES: Record<Step, MessageKey> = {
  person: 'wizard.person',
  consent: 'wizard.consent',
  profile: 'wizard.profile',
  event: 'wizard.event',
  review: 'wizard.review',
};

// In the wizard one consent record is made per purpose ticked.
const CONSENT_WIZARD_SPECS: FieldSpec[] = [
  { path: 'purposes', kind: 'multi', label: 'consent.purposes', codes: CONSENT_PURPOSES, prefix: 'consentPurpose', required: true, wide: true },
  { path: 'organization_id', kind: 'org', label: 'consent.organization', required: true, when: (d) => (d['purposes'] as string[]).includes('sharing') },
  { path: 'given_at', kind: 'date', label: 'consent.given_at', required: true },
  { path: 'expires_at', kind: 'date', label: 'consent.expires_at' },
  { path: 'checklist', kind: 'checklist', label: 'consent.checklist', keys: CONSENT_CHECKLIST, wide: true },
];
const CONSENT_GROUPS: SpecGroup[] = [{ fields: CONSENT_WIZARD_SPECS }];
const EVENT_GROUPS: SpecGroup[] = [{ fields: EVENT_SPECS }];
const PERSON_MAIN = PERSON_GROUPS.slice(0, 1);
const PERSON_MORE = PERSON_GROUPS.slice(1);

export interface Created {
  view: CaseView;
  /** Parts saved after the case was opened that failed (shown on the case page). */
  warnings: string[];
}

export function CaseWizard({ onCreated }: { onCreated: (c: Created) => void }) {
  const { t } = useI18n();
  const [step, setStep] = useState<Step>('person');
  const [reached, setReached] = useState(0);
  const [person, setPerson] = useState<Draft>(() => toDraft(PERSON_SPECS));
  const [kase, setKase] = useState<Draft>(() => ({ ...toDraft(CASE_SPECS), identified_on: todayBsText() }));
  const [profile, setProfile] = useState<Draft>(() => toDraft(PROFILE_SPECS));
  const [consentNow, setConsentNow] = useState(true);
  const [consent, setConsent] = useState<Draft>(() => ({
    ...toDraft(CONSENT_WIZARD_SPECS),
    purposes: ['services'],
    given_at: todayBsText(),
  }));
  const [eventNow, setEventNow] = useState(false);
  const [event, setEvent] = useState<Draft>(() => toDraft(EVENT_SPECS));
  const [errors, setErrors] = useState<Record<Step, FieldErrors>>({ person: {}, consent: {}, profile: {}, event: {}, review: {} });
  const [problem, setProblem] = useState<unknown>(null);
  const [otherErrors, setOtherErrors] = useState<{ field: string; message: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const summary = useRef<HTMLDivElement>(null);
  const index = STEPS.indexOf(step);

  useEffect(() => {
    heading.current?.focus();
  }, [step]);

  const localErrors = (s: Step): FieldErrors => {
    const tr = (m: Record<string, MessageKey>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, t(v)]));
    switch (s) {
      case 'person': {
        const e = { ...tr(validate(PERSON_SPECS, person)), ...tr(validate(CASE_SPECS, kase)) };
        if (!String(person['given_name']).trim() && !String(person['name_ne']).trim()) e['given_name'] = t('person.nameRequired');
        return e;
      }
      case 'consent':
        return consentNow ? { ...tr(validate(CONSENT_WIZARD_SPECS, consent)), ...consentCheck(t, { kind: 'consents' }, consent) } : {};
      case 'profile':
        return tr(validate(PROFILE_SPECS, profile));
      case 'event':
        return eventNow ? tr(validate(EVENT_SPECS, event)) : {};
      default:
        return {};
    }
  };

  const go = (to: Step) => {
    setProblem(null);
    setOtherErrors([]);
    setStep(to);
    setReached((r) => Math.max(r, STEPS.indexOf(to)));
  };

  const next = (e: Event) => {
    e.preventDefault();
    const errs = localErrors(step);
    setErrors({ ...errors, [step]: errs });
    if (Object.keys(errs).length > 0) {
      queueMicrotask(() => summary.current?.focus());
      return;
    }
    go(STEPS[index + 1]!);
  };

  const submit = async () => {
    // Every step is checked again: the user may have jumped back and changed something.
    const all = Object.fromEntries(STEPS.map((s) => [s, localErrors(s)])) as Record<Step, FieldErrors>;
    const firstBad = STEPS.find((s) => Object.keys(all[s]).length > 0);
    setErrors(all);
    if (firstBad) return go(firstBad);
    setBusy(true);
    setProblem(null);
    setOtherErrors([]);
    let view: CaseView;
    try {
      const victim_profile = toPayload(PROFILE_SPECS, profile);
      view = await api.createCase({
        person: toPayload(PERSON_SPECS, person),
        case: toPayload(CASE_SPECS, kase),
        ...(Object.keys(victim_profile).length ? { victim_profile } : {}),
      });
    } catch (err) {
      setBusy(false);
      const fieldErrors = err instanceof ApiError ? (err.problem.errors ?? []) : [];
      if (fieldErrors.length > 0) {
        const p = matchErrors(PERSON_SPECS, fieldErrors, 'person');
        const c = matchErrors(CASE_SPECS, fieldErrors, 'case');
        const v = matchErrors(PROFILE_SPECS, fieldErrors, 'victim_profile');
        setErrors({ ...all, person: { ...p.byPath, ...c.byPath }, profile: v.byPath });
        const known = new Set([...p.other, ...c.other, ...v.other].map((x) => x.field));
        setOtherErrors(fieldErrors.filter((f) => known.has(f.field) || !/^(person|case|victim_profile)[.[]/.test(f.field)));
        setProblem(err);
        if (hasErrorsFor(fieldErrors, 'person') || hasErrorsFor(fieldErrors, 'case')) setStep('person');
        else if (hasErrorsFor(fieldErrors, 'victim_profile')) setStep('profile');
      } else {
        setProblem(err);
      }
      return;
    }
    // The case exists now; consent and the first event are items of it.
    const warnings: string[] = [];
    const text = (e: unknown) => (e instanceof ApiError ? e.problem.detail || e.problem.title || e.message : t('common.error'));
    const add = async (kind: ItemKind, body: Record<string, unknown>, what: string) => {
      try {
        await api.addItem(view.id, kind, body);
      } catch (e) {
        const fields = e instanceof ApiError ? (e.problem.errors ?? []).map((f) => `${f.field}: ${f.message}`) : [];
        warnings.push(t('wizard.itemFailed', { what, detail: [text(e), ...fields].join(' ') }));
      }
    };
    if (consentNow) {
      const base = toPayload(CONSENT_WIZARD_SPECS, consent);
      const purposes = base['purposes'] as string[];
      delete base['purposes'];
      for (const purpose of purposes) {
        const body: Record<string, unknown> = { ...base, purpose };
        if (purpose !== 'sharing') delete body['organization_id'];
        await add('consents', body, t(`consentPurpose.${purpose}` as MessageKey));
      }
    }
    if (eventNow) await add('events', toPayload(EVENT_SPECS, event), t('wizard.event'));
    setBusy(false);
    onCreated({ view, warnings });
  };

  const stepErrors = errors[step];
  const edited = (path: string) =>
    setErrors((old) => ({
      ...old,
      // A name in Nepali answers "give a name" as well as a given name does.
      [step]: Object.fromEntries(
        Object.entries(old[step]).filter(([k]) => k !== path && !k.startsWith(path + '.') && !(path === 'name_ne' && k === 'given_name')),
      ),
    }));
  const errorCount = Object.keys(stepErrors).length;

  return (
    <>
      <p class="back-link">
        <Link href="/cases">← {t('cases.title')}</Link>
      </p>
      <PageTitle>{t('wizard.title')}</PageTitle>
      <ol class="steps" aria-label={t('wizard.steps')}>
        {STEPS.map((s, i) => (
          <li key={s} aria-current={s === step ? 'step' : undefined} class={i < index ? 'done' : undefined}>
            {i <= reached && s !== step ? (
              <button type="button" class="link-btn" onClick={() => go(s)}>
                <span class="step-no">{i + 1}</span> {t(STEP_TITLES[s])}
              </button>
            ) : (
              <span>
                <span class="step-no">{i + 1}</span> {t(STEP_TITLES[s])}
              </span>
            )}
          </li>
        ))}
      </ol>

      <form class="panel wizard stack" onSubmit={step === 'review' ? (e) => (e.preventDefault(), submit()) : next} noValidate aria-labelledby="wizard-step-h">
        <h2 id="wizard-step-h" ref={heading} tabIndex={-1}>
          {t('wizard.stepOf', { n: index + 1, total: STEPS.length })}: {t(STEP_TITLES[step])}
        </h2>
        {(errorCount > 0 || otherErrors.length > 0) && step !== 'review' && (
          <div class="alert alert-error" role="alert" tabIndex={-1} ref={summary}>
            <p>{errorCount > 0 ? t('form.fixErrors', { n: errorCount }) : problem instanceof ApiError ? problem.message : t('common.error')}</p>
            {otherErrors.length > 0 && (
              <ul>
                {otherErrors.map((f) => (
                  <li key={f.field}>
                    <code>{f.field}</code>: {f.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}

        {step === 'person' && (
          <>
            <p class="muted">{t('wizard.personIntro')}</p>
            <Fields groups={PERSON_MAIN} draft={person} onDraft={setPerson} errors={stepErrors} onEdited={edited} />
            <Fields groups={CASE_GROUPS} draft={kase} onDraft={setKase} errors={stepErrors} onEdited={edited} />
            <Fields groups={PERSON_MORE} draft={person} onDraft={setPerson} errors={stepErrors} onEdited={edited} />
          </>
        )}

        {step === 'consent' && (
          <>
            <p class="muted">{t('wizard.consentIntro')}</p>
            <fieldset class="choice">
              <legend>{t('wizard.consentNow')}</legend>
              <label class="check">
                <input type="radio" name="consent-now" checked={consentNow} onChange={() => setConsentNow(true)} /> {t('wizard.consentYes')}
              </label>
              <label class="check">
                <input type="radio" name="consent-now" checked={!consentNow} onChange={() => setConsentNow(false)} /> {t('wizard.consentLater')}
              </label>
            </fieldset>
            {consentNow && <Fields groups={CONSENT_GROUPS} draft={consent} onDraft={setConsent} errors={stepErrors} onEdited={edited} />}
          </>
        )}

        {step === 'profile' && (
          <>
            <p class="muted">{t('wizard.profileIntro')}</p>
            <Fields groups={PROFILE_GROUPS} draft={profile} onDraft={setProfile} errors={stepErrors} onEdited={edited} />
          </>
        )}

        {step === 'event' && (
          <>
            <p class="muted">{t('wizard.eventIntro')}</p>
            <label class="check">
              <input type="checkbox" checked={eventNow} onChange={(e) => setEventNow(e.currentTarget.checked)} /> {t('wizard.eventNow')}
            </label>
            {eventNow && <Fields groups={EVENT_GROUPS} draft={event} onDraft={setEvent} errors={stepErrors} onEdited={edited} />}
          </>
        )}

        {step === 'review' && (
          <Review
            sections={[
              { step: 'person', specs: [...PERSON_SPECS], obj: toPayload(PERSON_SPECS, person) },
              { step: 'person', specs: CASE_SPECS, obj: toPayload(CASE_SPECS, kase), title: 'case.identification' },
              { step: 'consent', specs: CONSENT_WIZARD_SPECS, obj: consentNow ? toPayload(CONSENT_WIZARD_SPECS, consent) : null },
              { step: 'profile', specs: PROFILE_SPECS, obj: toPayload(PROFILE_SPECS, profile) },
              { step: 'event', specs: EVENT_SPECS, obj: eventNow ? toPayload(EVENT_SPECS, event) : null },
            ]}
            onEdit={go}
          />
        )}
        {step === 'review' && <ErrorBox error={problem} />}

        <div class="actions wizard-nav">
          {index > 0 && (
            <button type="button" class="btn" onClick={() => go(STEPS[index - 1]!)} disabled={busy}>
              {t('wizard.back')}
            </button>
          )}
          {step === 'review' ? (
            <button type="submit" class="btn btn-primary" disabled={busy}>
              {busy ? t('common.saving') : t('wizard.submit')}
            </button>
          ) : (
            <button type="submit" class="btn btn-primary">
              {t('wizard.next')}
            </button>
          )}
          <Link href="/cases" class="btn btn-quiet">
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}

function Review(props: {
  sections: { step: Step; specs: FieldSpec[]; obj: Record<string, unknown> | null; title?: MessageKey }[];
  onEdit: (s: Step) => void;
}) {
  const { t } = useI18n();
  return (
    <div class="review stack">
      <p class="muted">{t('wizard.reviewIntro')}</p>
      {props.sections.map((s, i) => {
        const empty = !s.obj || Object.keys(s.obj).length === 0;
        return (
          <section key={i} class="review-part" aria-labelledby={`review-${i}`}>
            <div class="title-row">
              <h3 id={`review-${i}`}>{t(s.title ?? STEP_TITLES[s.step])}</h3>
              <button type="button" class="btn btn-small" onClick={() => props.onEdit(s.step)}>
                {t('wizard.change')}
                <span class="sr-only"> {t(s.title ?? STEP_TITLES[s.step])}</span>
              </button>
            </div>
            {empty ? <p class="muted">{s.obj ? t('wizard.nothing') : t('wizard.notNow')}</p> : <Facts specs={s.specs} obj={s.obj} />}
          </section>
        );
      })}
    </div>
  );
}
