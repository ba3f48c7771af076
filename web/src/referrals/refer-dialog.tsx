// "Refer" on a case page: find a service in the directory (the case's district first), choose where, say why and
// how urgent, choose what to share. Without the survivor's consent to share with that organisation the server
// answers 409 consent-required: the consent checklist appears here and the referral is sent again with it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type CaseView, type DirService, type Referral } from '../api';
import { ErrorBox, FormActions, useId } from '../components';
import { translateErrors, useSaveErrors } from '../cases/edit';
import { Fields, GeoName } from '../cases/fields';
import { consentCheck } from '../cases/items';
import { CONSENT_SPECS } from '../cases/specs';
import { OpenBadge } from '../directory/common';
import { serviceName } from '../directory/lib';
import { DirectoryFilters, NO_DIR_FILTERS, useDirectorySearch, type DirFilters } from '../directory/search';
import { useI18n } from '../i18n';
import { localDigits } from '../lib/bs';
import { bsTextFromAd, matchErrors, todayBsText, toDraft, toPayload, validate, type Draft, type FieldSpec } from '../lib/forms';
import { DEFAULT_SHARED, isConsentRequired, SHARED_SECTIONS, URGENCIES } from './lib';

const REFERRAL_SPECS: FieldSpec[] = [
  { path: 'reason', kind: 'textarea', label: 'ref.reason', required: true, wide: true },
  { path: 'urgency', kind: 'select', label: 'ref.urgency', codes: URGENCIES, prefix: 'urgency', required: true },
  { path: 'due_date', kind: 'date', label: 'ref.neededBy' },
];
/** The consent the server asks for: purpose "sharing" and the recipient are implied. */
const CONSENT_ONLY: FieldSpec[] = CONSENT_SPECS.filter((s) => ['given_at', 'expires_at', 'checklist'].includes(s.path));

/** A year from today, as BS text (the default end of a consent to share). */
function inAYear(now = new Date()): string {
  const d = new Date(now.getFullYear() + 1, now.getMonth(), now.getDate());
  const pad = (x: number) => String(x).padStart(2, '0');
  return bsTextFromAd(`${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`, 'day');
}

interface Choice {
  service: DirService;
  atId: string;
  locationName: string;
}

export function ReferDialog({ view, onClose, onSent }: { view: CaseView; onClose: () => void; onSent: (r: Referral) => void }) {
  const { t, lang } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const [filters, setFilters] = useState<DirFilters>({ ...NO_DIR_FILTERS, district: view.district ?? '' });
  const search = useDirectorySearch(10);
  const [choice, setChoice] = useState<Choice | null>(null);
  const [draft, setDraft] = useState<Draft>(() => ({ ...toDraft(REFERRAL_SPECS), urgency: 'normal' }));
  const [shared, setShared] = useState<string[]>([...DEFAULT_SHARED]);
  const [consentAsked, setConsentAsked] = useState(false);
  const [consent, setConsent] = useState<Draft>(() => ({ ...toDraft(CONSENT_ONLY), given_at: todayBsText(), expires_at: inAYear() }));
  const [consentErrors, setConsentErrors] = useState<Record<string, string>>({});
  const [pickError, setPickError] = useState(false);
  const [busy, setBusy] = useState(false);
  const errs = useSaveErrors();
  const consentRef = useRef<HTMLDivElement>(null);
  const titleId = useId('rd');

  useEffect(() => {
    dialog.current?.showModal();
    search.load(filters);
  }, []);
  useEffect(() => {
    if (consentAsked) consentRef.current?.focus();
  }, [consentAsked]);

  const change = (f: DirFilters, now: boolean) => {
    setFilters(f);
    if (now) search.load(f);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const local = translateErrors(t, validate(REFERRAL_SPECS, draft));
    const cLocal = consentAsked ? { ...translateErrors(t, validate(CONSENT_ONLY, consent)), ...consentCheck(t, { kind: 'consents' }, consent) } : {};
    setPickError(!choice);
    setConsentErrors(cLocal);
    if (!choice || Object.keys(local).length > 0 || Object.keys(cLocal).length > 0) {
      errs.local(local);
      return;
    }
    setBusy(true);
    errs.reset();
    const body = {
      case_id: view.id,
      service_at_location_id: choice.atId,
      ...(toPayload(REFERRAL_SPECS, draft) as { reason: string; urgency: string; due_date?: string }),
      shared_sections: SHARED_SECTIONS.filter((s) => shared.includes(s)),
      ...(consentAsked ? { consent: toPayload(CONSENT_ONLY, consent) } : {}),
    };
    try {
      const r = await api.createReferral(body);
      dialog.current?.close();
      onSent(r);
    } catch (err) {
      if (isConsentRequired(err) && !consentAsked) {
        setConsentAsked(true);
      } else {
        errs.fail(err, REFERRAL_SPECS, '');
        const fields = err instanceof ApiError ? (err.problem.errors ?? []) : [];
        setConsentErrors(matchErrors(CONSENT_ONLY, fields, 'consent').byPath);
      }
    } finally {
      setBusy(false);
    }
  };

  const items = search.result?.items ?? [];
  return (
    <dialog ref={dialog} class="modal" aria-labelledby={titleId} onClose={onClose}>
      <div class="modal-head">
        <h2 id={titleId}>{t('ref.dialogTitle', { number: localDigits(view.case_number, lang) })}</h2>
        <button type="button" class="btn btn-small" onClick={() => dialog.current?.close()}>
          {t('common.close')}
        </button>
      </div>
      <h3>{t('ref.step1')}</h3>
      <DirectoryFilters filters={filters} onChange={change} fields={['taxonomy', 'district']} busy={search.busy} label={t('ref.findService')} />
      <ErrorBox error={search.error} />
      <form class="stack" onSubmit={submit} noValidate aria-label={t('ref.formLabel')}>
        <fieldset class={pickError ? 'picks has-error' : 'picks'}>
          <legend>{t('ref.chooseWhere')}</legend>
          {search.busy && <p class="muted">{t('app.loading')}</p>}
          {!search.busy && items.length === 0 && <p class="muted">{t('dir.noMatch')}</p>}
          {items.map((s) =>
            s.locations.map((l) => (
              <label key={l.id} class="check pick">
                <input
                  type="radio"
                  name="service-at-location"
                  checked={choice?.atId === l.id}
                  onChange={() => {
                    setChoice({ service: s, atId: l.id, locationName: l.location_name ?? '' });
                    setPickError(false);
                    setConsentAsked(false);
                  }}
                />
                <span>
                  <strong>{serviceName(s, lang)}</strong> — {s.organization_name}
                  <span class="muted small">
                    {' · '}
                    {l.location_name}
                    {l.district && (
                      <>
                        {', '}
                        <GeoName code={l.district} />
                      </>
                    )}
                  </span>{' '}
                  <OpenBadge open={s.open_now} />
                </span>
              </label>
            )),
          )}
          {pickError && <p class="field-error">{t('ref.pickRequired')}</p>}
        </fieldset>

        <h3>{t('ref.step2')}</h3>
        <Fields groups={[{ fields: REFERRAL_SPECS }]} draft={draft} onDraft={setDraft} errors={errs.errors} onEdited={errs.edited} />
        <fieldset class="checks one-col shared">
          <legend>{t('ref.sharedSections')}</legend>
          <p class="hint">{t('ref.sharedHint')}</p>
          {SHARED_SECTIONS.map((s) => (
            <label key={s} class="check shared-item">
              <input
                type="checkbox"
                checked={shared.includes(s)}
                onChange={(e) => setShared(e.currentTarget.checked ? [...shared, s] : shared.filter((x) => x !== s))}
              />
              <span>
                <strong>{t(`shared.${s}`)}</strong> <span class="muted small">— {t(`sharedHint.${s}`)}</span>
              </span>
            </label>
          ))}
        </fieldset>

        {consentAsked && (
          <div class="consent-step alert alert-warn" ref={consentRef} tabIndex={-1} role="group" aria-labelledby={`${titleId}-c`}>
            <h3 id={`${titleId}-c`}>{t('ref.consentTitle')}</h3>
            <p>{t('ref.consentBody', { org: choice?.service.organization_name ?? '' })}</p>
            <Fields groups={[{ fields: CONSENT_ONLY }]} draft={consent} onDraft={setConsent} errors={consentErrors} onEdited={(p) => setConsentErrors((o) => ({ ...o, [p]: '' }))} />
          </div>
        )}
        <ErrorBox error={errs.problem} />
        <FormActions busy={busy} submitLabel={t(consentAsked ? 'ref.sendWithConsent' : 'ref.send')} onCancel={() => dialog.current?.close()} />
      </form>
    </dialog>
  );
}
