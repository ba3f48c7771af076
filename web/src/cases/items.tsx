// Lists of case items (timeline, consents, assessments, services, shelter stays, follow-ups, notes, justice) with
// an add form, edits with If-Match, and the actions particular to a kind (withdraw a consent, mark a follow-up done).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type CaseItem, type ItemKind } from '../api';
import { ErrorBox, FormActions, Notice, RequiredMark, useId } from '../components';
import { useI18n, type MessageKey } from '../i18n';
import { formatBsShort } from '../lib/bs';
import { diffPayload, getPath, todayAdText, todayBsText, toDraft, toPayload, validate, type Draft } from '../lib/forms';
import { ConflictAlert, isConflict, translateErrors, useSaveErrors } from './edit';
import { FactValue, Facts, Fields } from './fields';
import { CONSENT_WITHDRAWAL_SPECS, KINDS, type KindInfo } from './specs';

/** Starting values of a new item of a kind. */
function initialDraft(info: KindInfo): Draft {
  const d = toDraft(info.specs);
  const today = todayBsText();
  if (info.kind === 'consents') return { ...d, purpose: 'services', given_at: today };
  if (info.kind === 'assessments') return { ...d, date: today };
  if (info.kind === 'services') return { ...d, status: 'planned' };
  return d;
}

function useItems(caseId: string, kind: ItemKind) {
  const [items, setItems] = useState<CaseItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = async () => {
    try {
      const r = await api.items(caseId, kind);
      setItems(r.items);
      setError(null);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    setItems(null);
    reload();
  }, [caseId, kind]);
  return { items, error, reload, setItems };
}

/** A consent can be recorded only when the person agrees to be interviewed (the server insists too). */
export function consentCheck(t: (k: MessageKey) => string, info: Pick<KindInfo, 'kind'>, draft: Draft): Record<string, string> {
  if (info.kind !== 'consents') return {};
  const c = draft['checklist'] as Record<string, boolean> | undefined;
  return c?.['consents_to_interview'] ? {} : { checklist: t('consent.interviewRequired') };
}

const sortKey = (info: KindInfo, item: CaseItem) => String((info.date && item[info.date]) || item.created_at || '');

/** One kind's list with its add form. */
export function ItemsPanel({ caseId, kind, newestFirst = true, readOnly = false }: { caseId: string; kind: ItemKind; newestFirst?: boolean; readOnly?: boolean }) {
  const { t } = useI18n();
  const info = KINDS[kind];
  const { items, error, reload, setItems } = useItems(caseId, kind);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState('');
  const addBtn = useRef<HTMLButtonElement>(null);
  const sorted = items
    ? [...items].sort((a, b) => (newestFirst ? -1 : 1) * sortKey(info, a).localeCompare(sortKey(info, b)))
    : null;
  const hId = `items-${kind}-h`;

  const replace = (updated: CaseItem) => setItems((old) => (old ?? []).map((i) => (i.id === updated.id ? updated : i)));

  return (
    <section class="panel items" aria-labelledby={hId} data-testid={`items-${kind}`}>
      <div class="title-row">
        <h2 id={hId}>{t(info.title)}</h2>
        {!adding && !readOnly && (
          <button type="button" class="btn btn-small btn-primary" ref={addBtn} onClick={() => (setAdding(true), setNotice(''))}>
            {t(info.add)}
          </button>
        )}
      </div>
      {notice && <Notice>{notice}</Notice>}
      {adding && (
        <ItemForm
          caseId={caseId}
          info={info}
          onCancel={() => {
            setAdding(false);
            queueMicrotask(() => addBtn.current?.focus());
          }}
          onSaved={(item) => {
            setAdding(false);
            setItems((old) => [...(old ?? []), item]);
            setNotice(t('items.added'));
          }}
        />
      )}
      <ErrorBox error={error} />
      {sorted === null ? (
        !error && <p class="muted">{t('app.loading')}</p>
      ) : sorted.length === 0 ? (
        <p class="muted">{t(info.empty)}</p>
      ) : (
        <ul class="item-list">
          {sorted.map((item) => (
            <ItemCard key={item.id} caseId={caseId} info={info} item={item} onChanged={replace} onReload={reload} readOnly={readOnly} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ItemForm(props: { caseId: string; info: KindInfo; item?: CaseItem; onSaved: (i: CaseItem) => void; onCancel: () => void; onReload?: () => Promise<void> }) {
  const { t } = useI18n();
  const { info, item } = props;
  const [base] = useState<Draft>(() => (item ? toDraft(info.specs, item) : initialDraft(info)));
  const [draft, setDraft] = useState<Draft>(base);
  const [busy, setBusy] = useState(false);
  const errs = useSaveErrors();
  const title = item ? t('items.editTitle', { what: t(info.title) }) : t(info.add);

  const submit = async (e: Event) => {
    e.preventDefault();
    const local = { ...translateErrors(t, validate(info.specs, draft)), ...consentCheck(t, info, draft) };
    if (Object.keys(local).length > 0) return errs.local(local);
    setBusy(true);
    errs.reset();
    try {
      if (item) {
        const changes = diffPayload(info.specs, base, draft);
        if (Object.keys(changes).length === 0) return props.onCancel();
        props.onSaved(await api.updateItem(props.caseId, info.kind, item.id, item.version, changes));
      } else {
        props.onSaved(await api.addItem(props.caseId, info.kind, toPayload(info.specs, draft)));
      }
    } catch (err) {
      errs.fail(err, info.specs, info.singular);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="stack editor" onSubmit={submit} noValidate aria-label={title}>
      <h3>{title}</h3>
      <Fields groups={[{ fields: info.specs }]} draft={draft} onDraft={setDraft} errors={errs.errors} onEdited={errs.edited} />
      {Object.keys(errs.errors).length > 0 && !errs.problem && (
        <p class="alert alert-error" role="alert">
          {t('form.fixErrors', { n: Object.keys(errs.errors).length })}
        </p>
      )}
      {errs.conflict && props.onReload && <ConflictAlert what="item" onReload={() => props.onReload?.().then(props.onCancel)} busy={busy} />}
      <ErrorBox error={errs.problem} />
      <FormActions busy={busy} disabled={errs.conflict} submitLabel={t('common.save')} onCancel={props.onCancel} />
    </form>
  );
}

function ItemCard(props: { caseId: string; info: KindInfo; item: CaseItem; onChanged: (i: CaseItem) => void; onReload: () => Promise<void>; readOnly?: boolean }) {
  const { t, lang } = useI18n();
  const { info, item } = props;
  const [mode, setMode] = useState<'' | 'edit' | 'withdraw'>('');
  const [reveal, setReveal] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState(false);
  const headSpec = info.specs.find((s) => s.path === info.headline);
  const dateSpec = info.specs.find((s) => s.path === info.date);
  const sensitive = info.kind === 'notes' && item['sensitive'] === true;
  const status = typeof item.status === 'string' ? item.status : info.kind === 'services' ? String(item['status'] ?? '') : '';
  const skip = [info.headline, ...(info.date ? [info.date] : []), ...(info.kind === 'services' ? ['status'] : []), ...(sensitive ? ['text'] : []), 'sensitive'];

  const markDone = async () => {
    setBusy(true);
    setError(null);
    setConflict(false);
    try {
      props.onChanged(await api.updateItem(props.caseId, info.kind, item.id, item.version, { done_on: todayAdText() }));
    } catch (e) {
      if (isConflict(e)) setConflict(true);
      else setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (mode === 'edit') {
    return (
      <li class="item">
        <ItemForm
          caseId={props.caseId}
          info={info}
          item={item}
          onCancel={() => setMode('')}
          onSaved={(i) => {
            props.onChanged(i);
            setMode('');
          }}
          onReload={props.onReload}
        />
      </li>
    );
  }

  return (
    <li class={`item item-${info.kind}${status ? ` is-${status}` : ''}`}>
      <div class="item-head">
        <h3>
          {info.kind === 'notes' || !headSpec || !getPath(item, headSpec.path) ? (
            <>{t(info.kind === 'notes' ? 'note.one' : info.title)}</>
          ) : (
            <FactValue spec={headSpec} obj={item} />
          )}
        </h3>
        {dateSpec && getPath(item, dateSpec.path) ? (
          <span class="item-date">
            <FactValue spec={dateSpec} obj={item} />
          </span>
        ) : null}
        {status && <span class={`badge status-${status}`}>{t(`itemStatus.${status}` as MessageKey)}</span>}
        {sensitive && <span class="badge badge-warn">{t('note.sensitiveBadge')}</span>}
      </div>
      {info.kind === 'notes' && (!sensitive || reveal) && <p class="note-text">{String(item['text'] ?? '')}</p>}
      {sensitive && (
        <button type="button" class="btn btn-small" aria-expanded={reveal} onClick={() => setReveal(!reveal)}>
          {reveal ? t('note.hide') : t('note.show')}
        </button>
      )}
      <Facts specs={info.specs} obj={item} skip={skip} />
      {info.kind === 'consents' && item.status === 'withdrawn' && <Facts specs={CONSENT_WITHDRAWAL_SPECS} obj={item} />}
      <p class="muted small">{t('items.addedOn', { date: formatBsShort(item.created_at, lang) })}</p>
      {conflict && <ConflictAlert what="item" onReload={() => props.onReload().then(() => setConflict(false))} busy={busy} />}
      <ErrorBox error={error} />
      {props.readOnly ? null : mode === 'withdraw' ? (
        <WithdrawForm caseId={props.caseId} item={item} onCancel={() => setMode('')} onDone={(i) => (props.onChanged(i), setMode(''))} />
      ) : (
        <div class="actions">
          {/* A consent is never edited: it is withdrawn and a new one recorded. */}
          {info.kind !== 'consents' && (
            <button type="button" class="btn btn-small" onClick={() => setMode('edit')}>
              {t('edit.edit')}
            </button>
          )}
          {info.kind === 'consents' && item.status !== 'withdrawn' && (
            <button type="button" class="btn btn-small" onClick={() => setMode('withdraw')}>
              {t('consent.withdraw')}
            </button>
          )}
          {info.kind === 'follow-ups' && item.status !== 'done' && !item['done_on'] && (
            <button type="button" class="btn btn-small" onClick={markDone} disabled={busy}>
              {t('followup.markDone')}
            </button>
          )}
        </div>
      )}
    </li>
  );
}

function WithdrawForm(props: { caseId: string; item: CaseItem; onCancel: () => void; onDone: (i: CaseItem) => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const id = useId('wd');
  const submit = async (e: Event) => {
    e.preventDefault();
    setMissing(!reason.trim());
    if (!reason.trim()) return;
    setBusy(true);
    setError(null);
    try {
      props.onDone(await api.withdrawConsent(props.caseId, props.item.id, reason.trim()));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="stack editor" onSubmit={submit} noValidate aria-label={t('consent.withdraw')}>
      <div class={missing ? 'field has-error' : 'field'}>
        <label for={id}>
          {t('consent.withdrawReason')}
          <RequiredMark />
        </label>
        <textarea id={id} rows={2} value={reason} onInput={(e) => setReason(e.currentTarget.value)} aria-required="true" aria-invalid={missing ? 'true' : undefined} />
        {missing && <p class="field-error">{t('form.required')}</p>}
      </div>
      <ErrorBox error={error} />
      <div class="actions">
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {t('consent.withdrawConfirm')}
        </button>
        <button type="button" class="btn" onClick={props.onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
