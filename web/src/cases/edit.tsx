// Editing with optimistic locking: a form starts from what the user saw (and its version), sends only what
// changed with If-Match, and on 409 says that someone else changed the record, offering a reload. It never
// retries on its own and never overwrites silently.
import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { ErrorBox, FormActions, Notice } from '../components';
import { useI18n, type MessageKey } from '../i18n';
import { diffPayload, matchErrors, toDraft, validate, type Draft, type FieldErrors, type FieldSpec, type Json } from '../lib/forms';
import { Fields } from './fields';
import type { SpecGroup } from './specs';

export const isConflict = (e: unknown) => e instanceof ApiError && e.status === 409;

/** "Someone else changed this case" with a reload button. */
export function ConflictAlert({ what = 'case', onReload, busy }: { what?: 'case' | 'item' | 'record'; onReload: () => void; busy?: boolean }) {
  const { t } = useI18n();
  return (
    <div class="alert alert-warn conflict" role="alert">
      <p>
        <strong>{t(what === 'case' ? 'conflict.case' : what === 'item' ? 'conflict.item' : 'conflict.record')}</strong> {t('conflict.body')}
      </p>
      <button type="button" class="btn" onClick={onReload} disabled={busy}>
        {t(what === 'case' ? 'conflict.reload' : what === 'item' ? 'conflict.reloadItems' : 'conflict.reloadRecord')}
      </button>
    </div>
  );
}

/** Field errors of a failed save, sorted onto the form; the rest stays in the problem box. */
export function useSaveErrors() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [conflict, setConflict] = useState(false);
  return {
    errors,
    problem,
    conflict,
    reset() {
      setErrors({});
      setProblem(null);
      setConflict(false);
    },
    local(e: FieldErrors) {
      setErrors(e);
      setProblem(null);
    },
    /** The user changed a field: its error (and those of its parts) go. */
    edited(path: string) {
      setErrors((old) => Object.fromEntries(Object.entries(old).filter(([k]) => k !== path && !k.startsWith(path + '.'))));
    },
    fail(err: unknown, specs: FieldSpec[], prefix: string) {
      if (isConflict(err)) {
        setConflict(true);
        setProblem(null);
        return;
      }
      const fields = err instanceof ApiError ? (err.problem.errors ?? []) : [];
      const m = matchErrors(specs, fields, prefix);
      setErrors(m.byPath);
      // When every problem is shown beside its field, a summary is enough; otherwise the whole problem.
      const allShown = fields.length > 0 && m.other.length === 0 && Object.keys(m.byPath).length > 0;
      setProblem(allShown ? null : err);
    },
  };
}

export function translateErrors(t: (k: MessageKey) => string, e: Record<string, MessageKey>): FieldErrors {
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, t(v)]));
}

/**
 * A read-only view with an Edit button that turns into a form. `save` gets the changed fields only and the
 * version the editor started from; it throws the API's errors.
 */
export function EditPanel(props: {
  title: MessageKey;
  groups: SpecGroup[];
  obj: unknown;
  version: number;
  /** Where the object sits in the API's problem fields ("person", "case", "victim_profile"). */
  prefix: string;
  save: (changes: Json, version: number) => Promise<void>;
  reload: () => Promise<void>;
  view: ComponentChildren;
  extraCheck?: (draft: Draft) => FieldErrors;
  canEdit?: boolean;
  /** What a conflict is about: the case (default) or another record. */
  what?: 'case' | 'record';
}) {
  const { t } = useI18n();
  const specs = props.groups.flatMap((g) => g.fields);
  const [editing, setEditing] = useState<{ base: Draft; version: number } | null>(null);
  const [draft, setDraft] = useState<Draft>({});
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  const errs = useSaveErrors();
  const editBtn = useRef<HTMLButtonElement>(null);

  const start = () => {
    const base = toDraft(specs, props.obj);
    setEditing({ base, version: props.version });
    setDraft(base);
    setNotice('');
    errs.reset();
  };
  const stop = (message = '') => {
    setEditing(null);
    setNotice(message);
    errs.reset();
    queueMicrotask(() => editBtn.current?.focus());
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!editing) return;
    const local = { ...translateErrors(t, validate(specs, draft)), ...(props.extraCheck?.(draft) ?? {}) };
    if (Object.keys(local).length > 0) return errs.local(local);
    const changes = diffPayload(specs, editing.base, draft);
    if (Object.keys(changes).length === 0) return stop(t('edit.nothingChanged'));
    setBusy(true);
    errs.reset();
    try {
      await props.save(changes, editing.version);
      stop(t('edit.saved'));
    } catch (err) {
      errs.fail(err, specs, props.prefix);
    } finally {
      setBusy(false);
    }
  };

  const reload = async () => {
    setBusy(true);
    try {
      await props.reload();
      stop(t('conflict.reloaded'));
    } catch (err) {
      errs.fail(err, specs, props.prefix);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel" aria-labelledby={`edit-${props.prefix}-h`}>
      <div class="title-row">
        <h2 id={`edit-${props.prefix}-h`}>{t(props.title)}</h2>
        {!editing && props.canEdit !== false && (
          <button type="button" class="btn btn-small" ref={editBtn} onClick={start}>
            {t('edit.edit')}
            <span class="sr-only"> {t(props.title)}</span>
          </button>
        )}
      </div>
      {notice && <Notice>{notice}</Notice>}
      {editing ? (
        <form class="stack" onSubmit={submit} noValidate aria-label={t('edit.formTitle', { what: t(props.title) })}>
          <Fields groups={props.groups} draft={draft} onDraft={setDraft} errors={errs.errors} onEdited={errs.edited} />
          {Object.keys(errs.errors).length > 0 && !errs.problem && (
            <p class="alert alert-error" role="alert">
              {t('form.fixErrors', { n: Object.keys(errs.errors).length })}
            </p>
          )}
          {errs.conflict && <ConflictAlert what={props.what} onReload={reload} busy={busy} />}
          <ErrorBox error={errs.problem} />
          <FormActions busy={busy} disabled={errs.conflict} submitLabel={t('common.save')} onCancel={() => stop()} />
        </form>
      ) : (
        props.view
      )}
    </section>
  );
}
