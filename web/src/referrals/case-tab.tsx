// The "Referrals" tab of a case page: the referrals this organisation sent for the case, their state, and a way
// to cancel one that is still open.
import { useEffect, useState } from 'preact/hooks';
import { api, type Referral } from '../api';
import { ErrorBox, Notice } from '../components';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { ActionForm, instant, sectionsText, statusLabel, StatusBadge, UrgencyBadge } from './common';
import { referralActions } from './lib';

export function CaseReferrals({ caseId, notice }: { caseId: string; notice?: string }) {
  const { t, lang } = useI18n();
  const [items, setItems] = useState<Referral[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [cancelling, setCancelling] = useState('');
  const [done, setDone] = useState(notice ?? '');
  const load = () =>
    api
      .referrals({ direction: 'outgoing', case_id: caseId })
      .then((r) => {
        setItems(r.items);
        setError(null);
      })
      .catch(setError);
  useEffect(() => {
    load();
  }, [caseId]);

  return (
    <section class="panel" aria-labelledby="case-refs-h" data-testid="case-referrals">
      <h2 id="case-refs-h">{t('tab.referrals')}</h2>
      {done && <Notice>{done}</Notice>}
      <ErrorBox error={error} />
      {items === null ? (
        !error && <p class="muted">{t('app.loading')}</p>
      ) : items.length === 0 ? (
        <p class="muted">{t('ref.noneForCase')}</p>
      ) : (
        <ul class="item-list">
          {[...items]
            .sort((a, b) => (b.sent_at ?? '').localeCompare(a.sent_at ?? ''))
            .map((r) => (
              <li key={r.id} class={`item is-${r.status}`}>
                <div class="item-head">
                  <h3>
                    <Link href={`/referrals/${r.id}`}>{r.service_name || r.recipient_organization_name}</Link>
                  </h3>
                  <StatusBadge status={r.status} />
                  <UrgencyBadge urgency={r.urgency} />
                </div>
                <dl class="facts compact">
                  <div>
                    <dt>{t('ref.to')}</dt>
                    <dd>{r.recipient_organization_name}</dd>
                  </div>
                  <div>
                    <dt>{t('ref.sentAt')}</dt>
                    <dd>{instant(r.sent_at, lang) || t('common.none')}</dd>
                  </div>
                  <div class="wide">
                    <dt>{t('ref.sharedSections')}</dt>
                    <dd>{sectionsText(lang, r.shared_sections) || t('common.none')}</dd>
                  </div>
                  {r.outcome && (
                    <div class="wide">
                      <dt>{t('ref.outcome')}</dt>
                      <dd>{r.outcome}</dd>
                    </div>
                  )}
                </dl>
                {cancelling === r.id ? (
                  <ActionForm
                    referral={r}
                    action="cancel"
                    onCancel={() => setCancelling('')}
                    onDone={(x) => {
                      setCancelling('');
                      setItems((old) => (old ?? []).map((y) => (y.id === x.id ? x : y)));
                      setDone(t('ref.nowStatus', { status: statusLabel(lang, x.status) }));
                    }}
                  />
                ) : (
                  referralActions(r, 'sender').includes('cancel') && (
                    <div class="actions">
                      <button type="button" class="btn btn-small" onClick={() => (setCancelling(r.id), setDone(''))}>
                        {t('refAction.cancel')}
                      </button>
                    </div>
                  )
                )}
              </li>
            ))}
        </ul>
      )}
    </section>
  );
}
