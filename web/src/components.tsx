// Small shared pieces: problem display, form fields, language switch.
import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, NetworkError } from './api';
import { useI18n, type Lang } from './i18n';

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
}) {
  const id = useId();
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

export function PageTitle({ children }: { children: ComponentChildren }) {
  return (
    <h1 class="page-title" tabIndex={-1}>
      {children}
    </h1>
  );
}
