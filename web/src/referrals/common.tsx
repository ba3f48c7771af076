// Pieces the referral screens share: status and urgency badges, the shared sections' names, and the form that
// takes a referral to its next state (accept, decline, start, complete, cancel).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Referral, type ReferralAction } from '../api';
import { ErrorBox, FormActions, TextAreaField } from '../components';
import { translateDynamic as translate, useI18n } from '../i18n';
import { formatBsShort, localDigits, timeOf } from '../lib/bs';
import { actionText, orderSections } from './lib';

export function StatusBadge({ status }: { status: string }) {
  const { lang } = useI18n();
  return <span class={`badge status-${status}`}>{statusLabel(lang, status)}</span>;
}

export function statusLabel(lang: 'en' | 'ne', status: string): string {
  return translate(lang, `refStatus.${status}`, status);
}

export function UrgencyBadge({ urgency }: { urgency: string }) {
  const { lang } = useI18n();
  return <span class={`badge urgency-${urgency}`}>{translate(lang, `urgency.${urgency}`, urgency)}</span>;
}

/** "Identity, Contact, Assessments" in the UI's language. */
export function sectionsText(lang: 'en' | 'ne', sections: readonly string[]): string {
  return orderSections(sections)
    .map((s) => translate(lang, `shared.${s}`, s))
    .join(', ');
}

/** "2083-08-06 14:05" for an instant, in the UI's digits. */
export function instant(iso: string | null | undefined, lang: 'en' | 'ne'): string {
  if (!iso) return '';
  const time = iso.length > 10 ? timeOf(iso) : '';
  return `${formatBsShort(iso, lang)}${time ? ' ' + localDigits(time, lang) : ''}`;
}

/** The text box and confirm button for one action; required reasons and outcomes are checked here too. */
export function ActionForm(props: { referral: Referral; action: ReferralAction; onDone: (r: Referral) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const { field, required } = actionText(props.action);
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const title = t(`refAction.${props.action}`);

  const submit = async (e: Event) => {
    e.preventDefault();
    setMissing(required && !text.trim());
    if (required && !text.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.referralAction(props.referral.id, props.action, text.trim() ? { [field]: text.trim() } : {});
      props.onDone(r && r.id ? r : await api.referral(props.referral.id));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="stack editor" onSubmit={submit} noValidate aria-label={title}>
      <h3>{title}</h3>
      <TextAreaField
        idPrefix="ra"
        inputRef={ref}
        label={t(`refText.${field}`)}
        value={text}
        onValue={setText}
        required={required}
        missing={missing}
        errorText={t('form.required')}
      />
      <ErrorBox error={error} />
      <FormActions
        busy={busy}
        danger={props.action === 'decline' || props.action === 'cancel'}
        submitLabel={t(`refConfirm.${props.action}`)}
        onCancel={props.onCancel}
      />
    </form>
  );
}
