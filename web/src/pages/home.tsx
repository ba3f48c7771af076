import type { Me } from '../api';
import { PageTitle } from '../components';
import { useI18n } from '../i18n';
import { adToBs, fiscalYear, formatBsWithAd, todayAd } from '../lib/bs';
import { codeLabel } from '../refdata';
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
