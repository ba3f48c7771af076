import { useEffect, useState } from 'preact/hooks';
import { api, type Me, type OverdueTask } from '../api';
import { ErrorBox } from '../components';
import { PageTitle } from '../components';
import { useI18n } from '../i18n';
import { adToBs, fiscalYear, formatBsShort, formatBsWithAd, localDigits, todayAd } from '../lib/bs';
import { CASE_ROLES, codeLabel } from '../refdata';
import { Link } from '../router';
import { canOpen, SECTIONS } from '../sections';

export function HomePage({ user }: { user: Me }) {
  const { t, n, lang } = useI18n();
  const today = todayAd();
  let dateText = '';
  let fy = '';
  try {
    dateText = formatBsWithAd(today, lang);
    fy = n(fiscalYear(adToBs(today)));
  } catch {
    dateText = n(`${today.year}-${today.month}-${today.day}`);
  }
  return (
    <>
      <PageTitle>{t('home.welcome', { name: user.display_name || user.username })}</PageTitle>
      {!user.totp_enabled && (
        <p class="alert alert-warn">
          {t('home.totpOff')} <Link href="/account">{t('home.totpSetUp')}</Link>
        </p>
      )}
      <dl class="facts">
        <div>
          <dt>{t('home.today')}</dt>
          <dd class="today" data-testid="today">
            {dateText}
          </dd>
        </div>
        <div>
          <dt>{t('home.fiscalYear')}</dt>
          <dd data-testid="fiscal-year">{fy}</dd>
        </div>
        <div>
          <dt>{t('home.organization')}</dt>
          <dd>{user.organization?.name}</dd>
        </div>
        <div>
          <dt>{t('home.roles')}</dt>
          <dd>{user.roles.map((r) => codeLabel(lang, 'role', r)).join(', ')}</dd>
        </div>
      </dl>
      {user.roles.some((r) => CASE_ROLES.includes(r)) && <OverdueTasks />}
      <h2>{t('home.sections')}</h2>
      <ul class="cards">
        {SECTIONS.filter((s) => canOpen(s, user.roles)).map((s) => (
          <li key={s.path} class="card">
            <Link href={s.path}>{t(s.title)}</Link>
            <p>{t(s.description)}</p>
          </li>
        ))}
      </ul>
    </>
  );
}

/** Follow-ups and planned services past their due date, in the cases this user may see. */
function OverdueTasks() {
  const { t, lang } = useI18n();
  const [items, setItems] = useState<OverdueTask[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api
      .overdue()
      .then((r) => setItems(r.items))
      .catch(setError);
  }, []);
  return (
    <section class="panel overdue" aria-labelledby="overdue-h" data-testid="overdue">
      <h2 id="overdue-h">{t('home.overdue')}</h2>
      <ErrorBox error={error} />
      {items === null ? (
        !error && <p class="muted">{t('app.loading')}</p>
      ) : items.length === 0 ? (
        <p class="muted">{t('home.overdueNone')}</p>
      ) : (
        <ul class="task-list">
          {[...items]
            .sort((a, b) => a.due_date.localeCompare(b.due_date))
            .map((task) => (
              <li key={task.item_id}>
                <Link href={`/cases/${task.case_id}/${task.kind === 'service' || task.kind === 'services' ? 'plan' : 'follow-ups'}`}>
                  {t(task.kind === 'service' || task.kind === 'services' ? 'home.overdueService' : 'home.overdueFollowUp', {
                    number: localDigits(task.case_number, lang),
                  })}
                </Link>{' '}
                <span class="badge badge-warn">{t('home.due', { date: formatBsShort(task.due_date, lang) })}</span>
              </li>
            ))}
        </ul>
      )}
    </section>
  );
}
