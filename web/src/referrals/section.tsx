// The Referrals section: /referrals[/incoming|/outgoing] (inboxes with counts per status) and /referrals/:id (one
// referral: its details, history and the actions open to this side in its state).
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, type Me, type Referral, type ReferralAction } from '../api';
import { ErrorBox, LoadFailed, Notice, PageTitle } from '../components';
import { formatDate, GeoName } from '../cases/fields';
import { useTaxonomy } from '../directory/common';
import { taxonomyLabel } from '../directory/lib';
import { useI18n } from '../i18n';
import { localDigits } from '../lib/bs';
import { Link } from '../router';
import { ActionForm, instant, sectionsText, statusLabel, StatusBadge, UrgencyBadge } from './common';
import { canOpenSharedCase, REFERRAL_STATUSES, referralActions, sideOf } from './lib';

export function ReferralsSection({ path, user }: { path: string; user: Me }) {
  const parts = path.split('/').filter(Boolean); // ["referrals", ...]
  const second = parts[1] ?? '';
  if (parts.length <= 2 && (second === '' || second === 'incoming' || second === 'outgoing')) {
    const direction = second === 'outgoing' ? 'outgoing' : 'incoming';
    return <Inbox key={direction} direction={direction} />;
  }
  return <ReferralPage key={second} id={decodeURIComponent(second)} user={user} />;
}

type Direction = 'incoming' | 'outgoing';
const total = (counts: Record<string, number> | undefined) => Object.values(counts ?? {}).reduce((a, b) => a + b, 0);

function Inbox({ direction }: { direction: Direction }) {
  const { t, n, lang } = useI18n();
  const [status, setStatus] = useState('');
  const [data, setData] = useState<{ items: Referral[]; counts: Record<string, number> } | null>(null);
  const [waiting, setWaiting] = useState<Record<Direction, number | null>>({ incoming: null, outgoing: null });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const other: Direction = direction === 'incoming' ? 'outgoing' : 'incoming';

  const load = async (s: string) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.referrals({ direction, status: s });
      setData(r);
      setWaiting((w) => ({ ...w, [direction]: r.counts['sent'] ?? 0 }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    load(status);
    // Only the other box's count is needed: ask for its waiting referrals.
    api
      .referrals({ direction: other, status: 'sent' })
      .then((r) => setWaiting((w) => ({ ...w, [other]: r.counts['sent'] ?? 0 })))
      .catch(() => {});
  }, []);
  const choose = (s: string) => {
    setStatus(s);
    load(s);
  };

  const tab = (d: Direction) => (
    <Link href={`/referrals/${d}`} aria-current={d === direction ? 'page' : undefined}>
      {t(d === 'incoming' ? 'ref.incoming' : 'ref.outgoing')}{' '}
      {waiting[d] ? (
        <span class="badge badge-count" title={t('ref.waitingTitle')}>
          {n(waiting[d]!)}
          <span class="sr-only"> {t('ref.waiting')}</span>
        </span>
      ) : null}
    </Link>
  );
  const counts = data?.counts ?? {};

  return (
    <>
      <PageTitle>{t('ref.title')}</PageTitle>
      <p class="muted">{t(direction === 'incoming' ? 'ref.incomingIntro' : 'ref.outgoingIntro')}</p>
      <nav class="tabs" aria-label={t('ref.boxes')}>
        {tab('incoming')}
        {tab('outgoing')}
      </nav>
      <div class="seg status-filter" role="group" aria-label={t('ref.statusFilter')}>
        <button type="button" class="btn btn-small" aria-pressed={status === ''} onClick={() => choose('')}>
          {t('ref.all')} <span class="count">{n(total(counts))}</span>
        </button>
        {REFERRAL_STATUSES.map((s) => (
          <button key={s} type="button" class="btn btn-small" aria-pressed={status === s} onClick={() => choose(s)} data-status={s}>
            {statusLabel(lang, s)} <span class="count">{n(counts[s] ?? 0)}</span>
          </button>
        ))}
      </div>
      <ErrorBox error={error} />
      <p class="muted" role="status" aria-live="polite">
        {busy ? t('app.loading') : ''}
      </p>
      {data && data.items.length === 0 && (
        <div class="empty panel">
          <p>{t(status ? 'ref.noneWithStatus' : direction === 'incoming' ? 'ref.noneIncoming' : 'ref.noneOutgoing')}</p>
        </div>
      )}
      {data && data.items.length > 0 && (
        <table class="table" data-testid="referral-table">
          <thead>
            <tr>
              <th scope="col">{t('case.number')}</th>
              <th scope="col">{t('ref.service')}</th>
              <th scope="col">{t(direction === 'incoming' ? 'ref.from' : 'ref.to')}</th>
              <th scope="col">{t('ref.urgency')}</th>
              <th scope="col">{t('ref.dueDate')}</th>
              <th scope="col">{t('ref.respondBy')}</th>
              <th scope="col">{t('ref.status')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((r) => (
              <tr key={r.id}>
                <th scope="row" data-label={t('case.number')}>
                  <Link href={`/referrals/${r.id}`} class="case-no">
                    {localDigits(r.case_number, lang)}
                  </Link>
                </th>
                <td data-label={t('ref.service')}>{r.service_name || t('common.none')}</td>
                <td data-label={t(direction === 'incoming' ? 'ref.from' : 'ref.to')}>
                  {direction === 'incoming' ? r.sender_organization_name : r.recipient_organization_name}
                </td>
                <td data-label={t('ref.urgency')}>
                  <UrgencyBadge urgency={r.urgency} />
                </td>
                <td data-label={t('ref.dueDate')}>{r.due_date ? instant(r.due_date, lang) : t('common.none')}</td>
                <td data-label={t('ref.respondBy')}>{r.status === 'sent' && r.respond_by ? instant(r.respond_by, lang) : t('common.none')}</td>
                <td data-label={t('ref.status')}>
                  <StatusBadge status={r.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function ReferralPage({ id, user }: { id: string; user: Me }) {
  const { t, lang } = useI18n();
  const terms = useTaxonomy();
  const [r, setR] = useState<Referral | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [action, setAction] = useState<ReferralAction | ''>('');
  const [notice, setNotice] = useState('');

  const load = () =>
    api
      .referral(id)
      .then((x) => {
        setR(x);
        setError(null);
      })
      .catch(setError);
  useEffect(() => {
    load();
  }, [id]);

  if (error && !r) {
    return (
      <LoadFailed error={error} title={t('ref.title')} notFoundTitle={t('ref.notFound')} notFoundBody={t('ref.notFoundBody')} backHref="/referrals" backLabel={t('ref.back')} />
    );
  }
  if (!r) return <p class="muted">{t('app.loading')}</p>;

  const side = sideOf(r, user.organization_id);
  const actions = referralActions(r, side);
  const box = side === 'sender' ? 'outgoing' : 'incoming';
  const fact = (label: string, value: ComponentChildren, wide = false) => (
    <div class={wide ? 'wide' : undefined}>
      <dt>{label}</dt>
      <dd>{value === undefined || value === null || value === '' ? t('common.none') : value}</dd>
    </div>
  );

  return (
    <>
      <p class="back-link">
        <Link href={`/referrals/${box}`}>← {t(box === 'incoming' ? 'ref.incoming' : 'ref.outgoing')}</Link>
      </p>
      <header class="case-head">
        <PageTitle>{t('ref.heading', { number: localDigits(r.case_number, lang) })}</PageTitle>
        <p class="case-sub">
          <span class="case-name">{r.service_name}</span>
          <StatusBadge status={r.status} />
          <UrgencyBadge urgency={r.urgency} />
        </p>
      </header>
      {notice && <Notice>{notice}</Notice>}
      {canOpenSharedCase(r, side) && (
        <p class="alert alert-ok">
          {t('ref.sharedIntro', { sections: sectionsText(lang, r.shared_sections) })}{' '}
          <Link href={`/cases/${r.case_id}`} class="btn btn-small btn-primary">
            {t('ref.openShared')}
          </Link>
        </p>
      )}
      {side === 'sender' && (
        <p>
          <Link href={`/cases/${r.case_id}`}>{t('ref.openCase')}</Link>
        </p>
      )}

      <section class="panel" aria-labelledby="ref-actions-h">
        <h2 id="ref-actions-h">{t('ref.actions')}</h2>
        {actions.length === 0 ? (
          <p class="muted">{t(side ? 'ref.noActions' : 'ref.notASide')}</p>
        ) : (
          !action && (
            <div class="actions">
              {actions.map((a) => (
                <button key={a} type="button" class={a === 'decline' || a === 'cancel' ? 'btn' : 'btn btn-primary'} onClick={() => (setAction(a), setNotice(''))}>
                  {t(`refAction.${a}`)}
                </button>
              ))}
            </div>
          )
        )}
        {action && (
          <ActionForm
            referral={r}
            action={action}
            onCancel={() => setAction('')}
            onDone={(x) => {
              setR(x);
              setAction('');
              setNotice(t('ref.nowStatus', { status: statusLabel(lang, x.status) }));
            }}
          />
        )}
      </section>

      <section class="panel" aria-labelledby="ref-details-h">
        <h2 id="ref-details-h">{t('ref.details')}</h2>
        <dl class="facts compact">
          {fact(t('ref.from'), r.sender_organization_name)}
          {fact(t('ref.to'), r.recipient_organization_name)}
          {fact(t('ref.service'), r.service_name)}
          {fact(t('ref.serviceType'), r.service_type ? taxonomyLabel(terms, r.service_type, lang) : '')}
          {fact(t('dir.district'), r.district ? <GeoName code={r.district} /> : '')}
          {fact(t('ref.urgency'), <UrgencyBadge urgency={r.urgency} />)}
          {fact(t('ref.reason'), r.reason, true)}
          {fact(t('ref.sharedSections'), sectionsText(lang, r.shared_sections), true)}
          {fact(t('ref.dueDate'), r.due_date ? formatDate(r.due_date.slice(0, 10), 'day', lang) : '')}
          {fact(t('ref.respondBy'), instant(r.respond_by, lang))}
          {fact(t('ref.sentAt'), instant(r.sent_at, lang))}
          {fact(t('ref.respondedAt'), instant(r.responded_at, lang))}
          {r.started_at && fact(t('ref.startedAt'), instant(r.started_at, lang))}
          {r.closed_at && fact(t('ref.closedAt'), instant(r.closed_at, lang))}
          {r.decline_reason && fact(t('ref.declineReason'), r.decline_reason, true)}
          {r.cancel_reason && fact(t('ref.cancelReason'), r.cancel_reason, true)}
          {r.outcome && fact(t('ref.outcome'), r.outcome, true)}
        </dl>
      </section>

      <section class="panel" aria-labelledby="ref-history-h">
        <h2 id="ref-history-h">{t('ref.history')}</h2>
        {(r.history ?? []).length === 0 ? (
          <p class="muted">{t('access.empty')}</p>
        ) : (
          <ol class="history" data-testid="referral-history">
            {[...(r.history ?? [])]
              .sort((a, b) => a.at.localeCompare(b.at))
              .map((h, i) => (
                <li key={i}>
                  <span class="history-when">{instant(h.at, lang)}</span> <StatusBadge status={h.status} />{' '}
                  <span>
                    {[h.by, h.organization].filter(Boolean).join(', ')}
                  </span>
                  {h.note && <p class="history-note">{h.note}</p>}
                </li>
              ))}
          </ol>
        )}
      </section>
    </>
  );
}
