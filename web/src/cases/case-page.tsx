// One case: a header (case number, name, stage, status) and tabs. The name is shown on the page only: the
// document title stays "Samman" and the address holds the case id, never personal data.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type AccessEntry, type CaseView, type Me } from '../api';
import { ErrorBox, FormActions, LoadFailed, Notice, PageTitle, SelectField, TextAreaField } from '../components';
import { translateDynamic, useI18n, type MessageKey } from '../i18n';
import { formatBsShort, localDigits, timeOf } from '../lib/bs';
import { CASE_ROLES, useCodeList, useOrganizations, CODES } from '../refdata';
import { Link, navigate } from '../router';
import { CaseReferrals } from '../referrals/case-tab';
import { sectionsText } from '../referrals/common';
import { referralTabs, sharedPersonGroups, sharedPlanKinds } from '../referrals/lib';
import { ReferDialog } from '../referrals/refer-dialog';
import { ConflictAlert, EditPanel, isConflict } from './edit';
import { Code, Facts, formatDate } from './fields';
import { ItemsPanel } from './items';
import { CASE_GROUPS, CASE_SPECS, PERSON_GROUPS, PROFILE_GROUPS, type SpecGroup } from './specs';

export const TABS = [
  { slug: '', label: 'tab.summary' },
  { slug: 'person', label: 'tab.person' },
  { slug: 'profile', label: 'tab.profile' },
  { slug: 'timeline', label: 'tab.timeline' },
  { slug: 'consent', label: 'tab.consent' },
  { slug: 'plan', label: 'tab.plan' },
  { slug: 'follow-ups', label: 'tab.followups' },
  { slug: 'justice', label: 'tab.justice' },
  { slug: 'notes', label: 'tab.notes' },
  { slug: 'referrals', label: 'tab.referrals' },
  { slug: 'access-log', label: 'tab.access' },
] as const satisfies readonly { slug: string; label: MessageKey }[];

export function CasePage(props: { id: string; tab: string; user: Me; flash: { text: string; warnings: string[] } | null; onFlashShown: () => void }) {
  const { t, lang } = useI18n();
  const [view, setView] = useState<CaseView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [flash] = useState(props.flash);
  const [referring, setReferring] = useState(false);
  const [referNotice, setReferNotice] = useState('');

  const load = async () => {
    const v = await api.getCase(props.id);
    setView(v);
    setError(null);
  };
  useEffect(() => {
    load().catch(setError);
    props.onFlashShown();
  }, [props.id]);

  if (error) {
    return (
      <LoadFailed
        error={error}
        title={t('caseView.title')}
        notFoundTitle={t('caseView.notFound')}
        notFoundBody={t('caseView.notFoundBody')}
        backHref="/cases"
        backLabel={t('caseView.backToList')}
      />
    );
  }
  if (!view) return <p class="muted">{t('app.loading')}</p>;

  // Seen through a referral: the summary and the tabs of the shared sections only, nothing to change.
  const shared = view.access === 'referral' ? (view.shared_sections ?? []) : null;
  const tabs = shared ? TABS.filter((x) => referralTabs(shared).includes(x.slug)) : TABS;
  const tab = tabs.find((x) => x.slug === props.tab) ?? tabs[0]!;
  const base = `/cases/${view.id}`;
  const canRefer = !shared && props.user.roles.some((r) => CASE_ROLES.includes(r));
  return (
    <>
      <p class="back-link">
        {shared ? <Link href="/referrals/incoming">← {t('ref.incoming')}</Link> : <Link href="/cases">← {t('cases.title')}</Link>}
      </p>
      <header class="case-head">
        <div class="title-row">
          <PageTitle>{t('caseView.heading', { number: localDigits(view.case_number, lang) })}</PageTitle>
          {canRefer && (
            <button type="button" class="btn btn-primary" onClick={() => (setReferring(true), setReferNotice(''))}>
              {t('ref.refer')}
            </button>
          )}
        </div>
        <p class="case-sub">
          {view.person && <span class="case-name" data-testid="case-name">{view.person.erased ? t('person.erasedName') : view.person.display_name}</span>}
          <span class={`badge status-${view.status}`}>
            <Code list="case_status" code={view.status} fallback={CODES.case_status} />
          </span>
          <span class="badge">
            <Code list="workflow_stage" code={view.stage} fallback={CODES.workflow_stage} />
          </span>
        </p>
      </header>
      {shared && (
        <p class="alert alert-warn shared-banner" role="note" data-testid="shared-banner">
          <strong>{t('ref.sharedBanner', { sections: sectionsText(lang, shared) || t('common.none') })}</strong> {t('ref.sharedBannerBody')}
        </p>
      )}
      {referring && (
        <ReferDialog
          view={view}
          onClose={() => setReferring(false)}
          onSent={(r) => {
            setReferring(false);
            setReferNotice(t('ref.sent', { org: r.recipient_organization_name ?? '' }));
            navigate(`${base}/referrals`);
          }}
        />
      )}
      {flash && (
        <Notice>
          <p>{flash.text}</p>
          {flash.warnings.length > 0 && (
            <ul class="warnings">
              {flash.warnings.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          )}
        </Notice>
      )}
      <nav class="tabs case-tabs" aria-label={t('caseView.sections')}>
        {tabs.map((x) => (
          <Link key={x.slug} href={x.slug ? `${base}/${x.slug}` : base} aria-current={x.slug === tab.slug ? 'page' : undefined}>
            {t(x.label)}
          </Link>
        ))}
      </nav>
      {tab.slug === 'referrals' ? (
        <CaseReferrals key={referNotice} caseId={view.id} notice={referNotice} />
      ) : (
        <TabBody tab={tab.slug} view={view} setView={setView} reload={load} user={props.user} shared={shared} />
      )}
    </>
  );
}

function TabBody({ tab, view, setView, reload, shared }: { tab: string; view: CaseView; setView: (v: CaseView) => void; reload: () => Promise<void>; user: Me; shared: string[] | null }) {
  const { t } = useI18n();
  if (shared) return <SharedTabBody tab={tab} view={view} shared={shared} />;
  const save = (key: 'person' | 'case' | 'victim_profile') => async (changes: Record<string, unknown>, version: number) => {
    setView(await api.updateCase(view.id, version, { [key]: changes }));
  };
  switch (tab) {
    case 'person':
      if (!view.person) return <p class="alert alert-warn">{t('person.hidden')}</p>;
      if (view.person.erased) return <p class="alert alert-warn">{t('person.erased')}</p>;
      return (
        <EditPanel
          title="tab.person"
          groups={PERSON_GROUPS}
          obj={view.person}
          version={view.version}
          prefix="person"
          save={save('person')}
          reload={reload}
          view={<GroupedFacts groups={PERSON_GROUPS} obj={view.person} />}
          extraCheck={(d): Record<string, string> =>
            !String(d['given_name']).trim() && !String(d['name_ne']).trim() ? { given_name: t('person.nameRequired') } : {}
          }
        />
      );
    case 'profile':
      return (
        <EditPanel
          title="tab.profile"
          groups={PROFILE_GROUPS}
          obj={view.victim_profile ?? {}}
          version={view.version}
          prefix="victim_profile"
          save={save('victim_profile')}
          reload={reload}
          view={<GroupedFacts groups={PROFILE_GROUPS} obj={view.victim_profile ?? {}} />}
        />
      );
    case 'timeline':
      return <ItemsPanel caseId={view.id} kind="events" newestFirst={false} />;
    case 'consent':
      return <ItemsPanel caseId={view.id} kind="consents" />;
    case 'plan':
      return (
        <>
          <ItemsPanel caseId={view.id} kind="assessments" />
          <ItemsPanel caseId={view.id} kind="services" />
          <ItemsPanel caseId={view.id} kind="shelter-stays" />
        </>
      );
    case 'follow-ups':
      return <ItemsPanel caseId={view.id} kind="follow-ups" newestFirst={false} />;
    case 'justice':
      return <ItemsPanel caseId={view.id} kind="justice" />;
    case 'notes':
      return <ItemsPanel caseId={view.id} kind="notes" />;
    case 'access-log':
      return <AccessLog id={view.id} />;
    default:
      return (
        <>
          <Workflow view={view} setView={setView} reload={reload} />
          <EditPanel
            title="caseView.details"
            groups={CASE_GROUPS}
            obj={view}
            version={view.version}
            prefix="case"
            save={save('case')}
            reload={reload}
            view={<CaseFacts view={view} />}
          />
        </>
      );
  }
}

/** What a reader by referral sees: read-only, and only the shared sections (other kinds answer 404: never asked). */
function SharedTabBody({ tab, view, shared }: { tab: string; view: CaseView; shared: string[] }) {
  const { t } = useI18n();
  switch (tab) {
    case 'person':
      if (!view.person) return <p class="alert alert-warn">{t('person.hidden')}</p>;
      return (
        <section class="panel" aria-labelledby="shared-person-h">
          <h2 id="shared-person-h">{t('tab.person')}</h2>
          <GroupedFacts groups={PERSON_GROUPS.filter((_, i) => sharedPersonGroups(shared).includes(i))} obj={view.person} />
        </section>
      );
    case 'profile':
      return (
        <section class="panel" aria-labelledby="shared-profile-h">
          <h2 id="shared-profile-h">{t('tab.profile')}</h2>
          <GroupedFacts groups={PROFILE_GROUPS} obj={view.victim_profile ?? {}} />
        </section>
      );
    case 'timeline':
      return <ItemsPanel caseId={view.id} kind="events" newestFirst={false} readOnly />;
    case 'plan':
      return (
        <>
          {sharedPlanKinds(shared).map((k) => (
            <ItemsPanel key={k} caseId={view.id} kind={k} readOnly />
          ))}
        </>
      );
    case 'justice':
      return <ItemsPanel caseId={view.id} kind="justice" readOnly />;
    default:
      return (
        <section class="panel" aria-labelledby="shared-case-h">
          <h2 id="shared-case-h">{t('caseView.details')}</h2>
          <CaseFacts view={view} />
        </section>
      );
  }
}

function GroupedFacts({ groups, obj }: { groups: SpecGroup[]; obj: unknown }) {
  const { t } = useI18n();
  return (
    <>
      {groups.map((g, i) => (
        <div key={i} class="fact-group">
          {g.legend && <h3>{t(g.legend)}</h3>}
          <Facts specs={g.fields} obj={obj} showEmpty />
        </div>
      ))}
    </>
  );
}

function CaseFacts({ view }: { view: CaseView }) {
  const { t, lang } = useI18n();
  const orgs = useOrganizations();
  return (
    <>
      <dl class="facts compact">
        <div>
          <dt>{t('case.number')}</dt>
          <dd>{localDigits(view.case_number, lang)}</dd>
        </div>
        <div>
          <dt>{t('case.opened')}</dt>
          <dd>{formatDate(view.opened_at?.slice(0, 10), 'day', lang)}</dd>
        </div>
        {view.closed_at && (
          <div>
            <dt>{t('case.closed')}</dt>
            <dd>{formatDate(view.closed_at.slice(0, 10), 'day', lang)}</dd>
          </div>
        )}
        {view.closed_at && (
          <div>
            <dt>{t('case.closure_outcome')}</dt>
            <dd data-testid="closure-outcome">
              {view.closure_outcome ? <Code list="closure_outcome" code={view.closure_outcome} fallback={CODES.closure_outcome} /> : t('case.outcomeNotRecorded')}
            </dd>
          </div>
        )}
        {view.closure_reason && (
          <div class="wide">
            <dt>{t('case.closure_reason')}</dt>
            <dd>{view.closure_reason}</dd>
          </div>
        )}
        <div>
          <dt>{t('case.owner')}</dt>
          <dd>{orgs.find((o) => o.id === view.owner_org_id)?.name ?? t('common.none')}</dd>
        </div>
      </dl>
      <Facts specs={CASE_SPECS} obj={view} showEmpty />
    </>
  );
}

/**
 * The stage, the stages the server allows next (one button each) and, for closing or reopening, a reason; a
 * closure may also say whether the survivor was referred and what came of the case (code list closure_outcome).
 */
function Workflow({ view, setView, reload }: { view: CaseView; setView: (v: CaseView) => void; reload: () => Promise<void> }) {
  const { t, lang } = useI18n();
  const stages = useCodeList('workflow_stage', [...CODES.workflow_stage]);
  const outcomes = useCodeList('closure_outcome', [...CODES.closure_outcome]);
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [referred, setReferred] = useState(false);
  const [outcome, setOutcome] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState(false);
  const [missing, setMissing] = useState(false);
  const [notice, setNotice] = useState('');
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const closed = view.status === 'closed' || view.status === 'closed_referred';
  const needsReason = to === 'closure' || closed;
  const label = (code: string) => {
    const i = stages.find((s) => s.code === code);
    return i ? (lang === 'ne' ? i.label_ne : i.label_en) : code;
  };
  const currentIndex = stages.findIndex((s) => s.code === view.stage);

  useEffect(() => {
    if (to) reasonRef.current?.focus();
  }, [to]);

  const choose = (stage: string) => {
    setTo(stage);
    setReason('');
    setReferred(false);
    setOutcome('');
    setError(null);
    setMissing(false);
    setNotice('');
    setConflict(false);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setMissing(needsReason && !reason.trim());
    if (needsReason && !reason.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const closing = to === 'closure';
      const updated = await api.transition(view.id, to, reason.trim(), view.version, closing && referred, closing ? outcome : '');
      setView(updated);
      setTo('');
      setNotice(t('workflow.moved', { stage: label(updated.stage) }));
    } catch (err) {
      if (isConflict(err)) setConflict(true);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel" aria-labelledby="workflow-h">
      <h2 id="workflow-h">{t('workflow.title')}</h2>
      <ol class="stages" aria-label={t('workflow.stages')}>
        {stages.map((s, i) => (
          <li key={s.code} class={i < currentIndex ? 'past' : i === currentIndex ? 'current' : undefined} aria-current={i === currentIndex ? 'step' : undefined}>
            {lang === 'ne' ? s.label_ne : s.label_en}
          </li>
        ))}
      </ol>
      {notice && <Notice>{notice}</Notice>}
      {view.allowed_transitions.length === 0 ? (
        <p class="muted">{t('workflow.none')}</p>
      ) : (
        <div class="actions" role="group" aria-label={t('workflow.moveTo')}>
          <span class="muted">{t('workflow.moveTo')}:</span>
          {view.allowed_transitions.map((s) => (
            <button key={s} type="button" class={s === to ? 'btn btn-small btn-primary' : 'btn btn-small'} aria-pressed={s === to} onClick={() => choose(s)} disabled={busy}>
              {closed ? t('workflow.reopenTo', { stage: label(s) }) : label(s)}
            </button>
          ))}
        </div>
      )}
      {to && (
        <form class="stack editor" onSubmit={submit} noValidate aria-label={t('workflow.confirmTitle', { stage: label(to) })}>
          <h3>{t('workflow.confirmTitle', { stage: label(to) })}</h3>
          <TextAreaField
            idPrefix="tr"
            inputRef={reasonRef}
            label={t(to === 'closure' ? 'workflow.closureReason' : closed ? 'workflow.reopenReason' : 'workflow.reason')}
            value={reason}
            onValue={setReason}
            required={needsReason}
            missing={missing}
            errorText={t('workflow.reasonRequired')}
          />
          {to === 'closure' && (
            <>
              <SelectField
                idPrefix="tr-outcome"
                label={t('workflow.outcome')}
                value={outcome}
                onValue={setOutcome}
                placeholder={t('workflow.outcomeNone')}
                options={outcomes.map((o) => ({ value: o.code, label: lang === 'ne' ? o.label_ne : o.label_en }))}
              />
              <label class="check">
                <input type="checkbox" checked={referred} onChange={(e) => setReferred(e.currentTarget.checked)} />
                {t('workflow.referred')}
              </label>
            </>
          )}
          {conflict && <ConflictAlert onReload={() => reload().then(() => choose(''))} busy={busy} />}
          <ErrorBox error={error} />
          <FormActions busy={busy} disabled={conflict} submitLabel={t('workflow.confirm')} onCancel={() => choose('')} />
        </form>
      )}
    </section>
  );
}

function AccessLog({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const [items, setItems] = useState<AccessEntry[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const orgs = useOrganizations();
  useEffect(() => {
    api
      .accessLog(id)
      .then((r) => setItems(r.items))
      .catch(setError);
  }, [id]);
  return (
    <section class="panel" aria-labelledby="access-h">
      <h2 id="access-h">{t('access.title')}</h2>
      <p class="muted">{t('access.intro')}</p>
      <ErrorBox error={error} />
      {items === null ? (
        !error && <p class="muted">{t('app.loading')}</p>
      ) : items.length === 0 ? (
        <p class="muted">{t('access.empty')}</p>
      ) : (
        <table class="table" data-testid="access-table">
          <thead>
            <tr>
              <th scope="col">{t('access.at')}</th>
              <th scope="col">{t('access.who')}</th>
              <th scope="col">{t('access.org')}</th>
              <th scope="col">{t('access.action')}</th>
            </tr>
          </thead>
          <tbody>
            {[...items].sort((a, b) => b.at.localeCompare(a.at)).map((a, i) => (
              <tr key={i}>
                <td data-label={t('access.at')}>
                  {formatBsShort(a.at, lang)} {localDigits(timeOf(a.at), lang)}
                </td>
                <th scope="row" data-label={t('access.who')}>
                  {a.actor_username}
                </th>
                <td data-label={t('access.org')}>{orgs.find((o) => o.id === a.actor_org_id)?.name ?? t('common.none')}</td>
                <td data-label={t('access.action')}>{actionLabel(lang, a.action)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** "case.follow_up.create" → "Added — Follow-up"; "case.read" → "Opened the case". */
function actionLabel(lang: 'en' | 'ne', action: string): string {
  const parts = action.split('.');
  if (parts.length === 3 && parts[0] === 'case') {
    const verb = translateDynamic(lang, `accessVerb.${parts[2]}`, parts[2]!);
    return `${verb} — ${translateDynamic(lang, `accessKind.${parts[1]}`, parts[1]!)}`;
  }
  return translateDynamic(lang, `accessAction.${action}`, action);
}
