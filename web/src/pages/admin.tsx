import type { Me } from '../api';
import { PageTitle } from '../components';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { OrganizationsPage } from './organizations';
import { UsersPage } from './users';

export function AdminPage({ user, path }: { user: Me; path: string }) {
  const { t } = useI18n();
  const tab = path.startsWith('/admin/users') ? 'users' : 'organizations';
  return (
    <>
      <PageTitle>{t('admin.title')}</PageTitle>
      <nav class="tabs" aria-label={t('admin.sections')}>
        <Link href="/admin/organizations" aria-current={tab === 'organizations' ? 'page' : undefined}>
          {t('admin.organizations')}
        </Link>
        <Link href="/admin/users" aria-current={tab === 'users' ? 'page' : undefined}>
          {t('admin.users')}
        </Link>
      </nav>
      {tab === 'users' ? <UsersPage user={user} /> : <OrganizationsPage user={user} />}
    </>
  );
}
