// Small shared pieces: problem display, form fields, language switch.
import type { ComponentChildren, JSX, Ref } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, NetworkError } from './api';
import { useI18n, type Lang } from './i18n';
import { Link } from './router';

/** Turns anything thrown by the API client into text for the user. */
export function useErrorText(): (e: unknown) => string {
  const { t } = useI18n();
  return (e: unknown) => {
    if (e instanceof NetworkError) return t('common.networkError');
    if (e instanceof ApiError) return e.problem.detail || e.problem.title || t('common.error');
    return t('common.error');
  };
}

export function ErrorBox({ error }: { error: unknown }) {
  const { t } = useI18n();
  const text = useErrorText();
  if (!error) return null;
  const fieldErrors = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  const requestId = error instanceof ApiError ? error.problem.request_id : undefined;
  return (
    <div class="alert alert-error" role="alert">
      <p>{text(error)}</p>
      {fieldErrors.length > 0 && (
        <ul>
          {fieldErrors.map((f) => (
            <li key={f.field}>
              <code>{f.field}</code>: {f.message}
            </li>
          ))}
        </ul>
      )}
      {requestId && <p class="muted small">{t('common.requestId', { id: requestId })}</p>}
    </div>
  );
}

export function Notice({ children }: { children: ComponentChildren }) {
  if (!children) return null;
  return (
    <div class="alert alert-ok" role="status">
      {children}
    </div>
  );
}

let fieldSeq = 0;
/** A stable id for a label/input pair. */
export function useId(prefix = 'f'): string {
  const [id] = useState(() => `${prefix}-${++fieldSeq}`);
  return id;
}

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'onInput' | 'value'> & {
  label: string;
  value: string;
  onValue: (v: string) => void;
  hint?: string;
};

export function TextField({ label, value, onValue, hint, ...rest }: InputProps) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-describedby={hint ? `${id}-hint` : undefined}
        {...rest}
      />
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField(props: {
  label: string;
  value: string;
  onValue: (v: string) => void;
  options: Option[];
  placeholder?: string;
  required?: boolean;
  disabled?: boolean;
  name?: string;
  idPrefix?: string;
}) {
  const id = useId(props.idPrefix);
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        value={props.value}
        required={props.required}
        disabled={props.disabled}
        onChange={(e) => props.onValue(e.currentTarget.value)}
      >
        {props.placeholder !== undefined && <option value="">{props.placeholder}</option>}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A list filter: a choice with "Any" first, which stands for no filter (""). */
export function FilterSelect(props: { label: string; value: string; onValue: (v: string) => void; options: Option[] }) {
  const { t } = useI18n();
  return <SelectField {...props} placeholder={t('cases.any')} idPrefix="flt" />;
}

/** The " *" after the label of a required field; the input itself carries aria-required. */
export function RequiredMark() {
  return (
    <span class="req" aria-hidden="true">
      {' '}
      *
    </span>
  );
}

/** A labelled text box that may be required; while `missing`, it is marked invalid and `errorText` shows below it. */
export function TextAreaField(props: {
  idPrefix: string;
  label: string;
  value: string;
  onValue: (v: string) => void;
  required: boolean;
  missing: boolean;
  errorText: string;
  inputRef?: Ref<HTMLTextAreaElement>;
  rows?: number;
}) {
  const id = useId(props.idPrefix);
  const { missing } = props;
  return (
    <div class={missing ? 'field has-error' : 'field'}>
      <label for={id}>
        {props.label}
        {props.required && <RequiredMark />}
      </label>
      <textarea
        id={id}
        ref={props.inputRef}
        rows={props.rows ?? 3}
        value={props.value}
        onInput={(e) => props.onValue(e.currentTarget.value)}
        aria-required={props.required}
        aria-invalid={missing ? 'true' : undefined}
        aria-describedby={missing ? `${id}-err` : undefined}
      />
      {missing && (
        <p class="field-error" id={`${id}-err`}>
          {props.errorText}
        </p>
      )}
    </div>
  );
}

/** A form's submit button ("Saving…" while busy) and its cancel button. */
export function FormActions(props: { busy: boolean; submitLabel: string; onCancel: () => void; disabled?: boolean; danger?: boolean }) {
  const { t } = useI18n();
  return (
    <div class="actions">
      <button type="submit" class={props.danger ? 'btn btn-danger' : 'btn btn-primary'} disabled={props.busy || !!props.disabled}>
        {props.busy ? t('common.saving') : props.submitLabel}
      </button>
      <button type="button" class="btn" onClick={props.onCancel} disabled={props.busy}>
        {t('common.cancel')}
      </button>
    </div>
  );
}

export function CheckboxGroup(props: {
  legend: string;
  options: (Option & { disabled?: boolean })[];
  selected: string[];
  onChange: (selected: string[]) => void;
  name: string;
}) {
  const toggle = (value: string, on: boolean) =>
    props.onChange(on ? [...props.selected, value] : props.selected.filter((v) => v !== value));
  return (
    <fieldset class="checks">
      <legend>{props.legend}</legend>
      {props.options.map((o) => (
        <label key={o.value} class="check">
          <input
            type="checkbox"
            name={props.name}
            value={o.value}
            checked={props.selected.includes(o.value)}
            disabled={o.disabled}
            onChange={(e) => toggle(o.value, e.currentTarget.checked)}
          />{' '}
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

export function LangSwitch() {
  const { lang, setLang, t } = useI18n();
  const choice = (l: Lang, label: string) => (
    <button
      type="button"
      class="lang-btn"
      lang={l}
      aria-pressed={lang === l}
      onClick={() => setLang(l)}
    >
      {label}
    </button>
  );
  return (
    <div class="lang-switch" role="group" aria-label={t('lang.label')}>
      {choice('en', t('lang.en'))}
      <span aria-hidden="true">⇄</span>
      {choice('ne', t('lang.ne'))}
    </div>
  );
}

/** A page whose record could not be loaded: "not found" (the server says 404 or 403) or the error, and a way back. */
export function LoadFailed(props: { error: unknown; title: string; notFoundTitle: string; notFoundBody: string; backHref: string; backLabel: string }) {
  const notFound = props.error instanceof ApiError && (props.error.status === 404 || props.error.status === 403);
  return (
    <section>
      <PageTitle>{notFound ? props.notFoundTitle : props.title}</PageTitle>
      {notFound ? <p>{props.notFoundBody}</p> : <ErrorBox error={props.error} />}
      <p>
        <Link href={props.backHref} class="btn">
          {props.backLabel}
        </Link>
      </p>
    </section>
  );
}

export function PageTitle({ children }: { children: ComponentChildren }) {
  return (
    <h1 class="page-title" tabIndex={-1}>
      {children}
    </h1>
  );
}
