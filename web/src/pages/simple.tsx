import { PageTitle } from '../components';
import { useI18n, type MessageKey } from '../i18n';
import { Link } from '../router';

export function ComingSoonPage({ title, description }: { title: MessageKey; description: MessageKey }) {
  const { t } = useI18n();
  return (
    <section class="soon">
      <PageTitle>{t('soon.title', { section: t(title) })}</PageTitle>
      <p class="lead">{t(description)}</p>
      <p>{t('soon.body')}</p>
      <p>
        <Link href="/" class="btn">
          {t('soon.home')}
        </Link>
      </p>
    </section>
  );
}

export function MessagePage({ title, body }: { title: MessageKey; body: MessageKey }) {
  const { t } = useI18n();
  return (
    <section>
      <PageTitle>{t(title)}</PageTitle>
      <p>{t(body)}</p>
      <p>
        <Link href="/" class="btn">
          {t('soon.home')}
        </Link>
      </p>
    </section>
  );
}
