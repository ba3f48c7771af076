import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, NetworkError, setCsrfToken, setUnauthenticatedHandler, type Me, type Session } from './api';
import { LangSwitch } from './components';
import { applyLang, I18nContext, initialLang, makeI18n, useI18n, type Lang, type MessageKey } from './i18n';
import { CasesSection } from './cases/section';
import { DirectorySection, isPublicDirectoryPath } from './directory/section';
import { PublicStats, StatisticsSection } from './statistics/section';
import { ReferralsSection } from './referrals/section';
import { AccountPage } from './pages/account';
import { AdminPage } from './pages/admin';
import { HomePage } from './pages/home';
import { LoginPage } from './pages/login';
import { ComingSoonPage, MessagePage } from './pages/simple';
import { isActive, Link, navigate, usePath } from './router';
import { canOpen, SECTIONS } from './sections';

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const i18n = useMemo(
    () =>
      makeI18n(lang, (l: Lang) => {
        applyLang(l);
        setLangState(l);
      }),
    [lang],
  );
  useEffect(() => applyLang(lang), []);

  const path = usePath();
  const [user, setUser] = useState<Me | null | 'loading'>('loading');
  const [message, setMessage] = useState<MessageKey | ''>('');
  const signedIn = useRef(false);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      if (!signedIn.current) return;
      signedIn.current = false;
      setCsrfToken('');
      setUser(null);
      setMessage('login.expired');
    });
    api
      .me()
      .then((s) => start(s))
      .catch((e) => {
        setUser(null);
        if (e instanceof NetworkError) setMessage('common.networkError');
      });
    return () => setUnauthenticatedHandler(null);
  }, []);

  const start = (s: Session) => {
    setCsrfToken(s.csrf_token);
    signedIn.current = true;
    setMessage('');
    setUser(s.user);
    if (s.user.must_enrol_totp && !s.user.totp_enabled) navigate('/account', true);
    else if (location.pathname === '/login') navigate('/', true);
  };

  const logout = async () => {
    try {
      await api.logout();
    } catch {
      /* the session is gone either way */
    }
    signedIn.current = false;
    setCsrfToken('');
    setUser(null);
    setMessage('login.signedOut');
    navigate('/', true);
  };

  let body;
  if (user === 'loading') {
    body = (
      <p class="boot" role="status">
        {i18n.t('app.loading')}
      </p>
    );
  } else if (user === null && (isPublicDirectoryPath(path) || isPublicStatsPath(path))) {
    body = <PublicFrame path={path} />;
  } else if (user === null) {
    body = <LoginPage onLogin={start} message={message ? i18n.t(message) : undefined} />;
  } else {
    body = <Shell user={user} onUser={setUser} onLogout={logout} />;
  }
  return <I18nContext.Provider value={i18n}>{body}</I18nContext.Provider>;
}

function isPublicStatsPath(path: string): boolean {
  return path === '/public/stats' || path === '/public/stats/';
}

function SkipLink() {
  const { t } = useI18n();
  return (
    <a class="skip" href="#main">
      {t('app.skip')}
    </a>
  );
}

function Brand({ href }: { href: string }) {
  const { t } = useI18n();
  return (
    <Link href={href} class="brand">
      <span class="brand-mark" aria-hidden="true" />
      <span class="brand-name">{t('app.name')}</span>
    </Link>
  );
}

/** The public directory for visitors who are not signed in: a small header with a way to sign in. */
function PublicFrame({ path }: { path: string }) {
  const { t } = useI18n();
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [path]);
  return (
    <>
      <SkipLink />
      <header class="topbar public-top">
        <Brand href="/directory" />
        <LangSwitch />
        <Link href="/login" class="btn btn-small">
          {t('login.submit')}
        </Link>
      </header>
      <main id="main" class="public-main" tabIndex={-1}>
        {isPublicStatsPath(path) ? <PublicStats /> : <DirectorySection path={path} user={null} />}
      </main>
    </>
  );
}

function Shell({ user, onUser, onLogout }: { user: Me; onUser: (u: Me) => void; onLogout: () => void }) {
  const { t } = useI18n();
  const path = usePath();
  const [menuOpen, setMenuOpen] = useState(false);
  const first = useRef(true);

  useEffect(() => {
    setMenuOpen(false);
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [path]);

  const mustEnrol = !!user.must_enrol_totp && !user.totp_enabled;
  const links: { href: string; label: MessageKey }[] = [
    { href: '/', label: 'nav.home' },
    ...SECTIONS.filter((s) => canOpen(s, user.roles)).map((s) => ({ href: s.path, label: s.title })),
    { href: '/account', label: 'nav.account' },
  ];

  return (
    <>
      <SkipLink />
      <header class="topbar">
        <Brand href="/" />
        <button
          type="button"
          class="btn btn-small menu-btn"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          {t('header.menu')}
        </button>
        <div class="who">
          <span class="sr-only">{t('header.signedInAs')} </span>
          <span class="who-name" data-testid="user-name">
            {user.display_name || user.username}
          </span>
          <span class="who-org">{user.organization?.name}</span>
        </div>
        <LangSwitch />
        <button type="button" class="btn btn-small" onClick={onLogout}>
          {t('header.logout')}
        </button>
      </header>
      <div class="layout">
        <nav id="main-nav" class={menuOpen ? 'sidenav open' : 'sidenav'} aria-label={t('nav.label')}>
          <ul>
            {links.map((l) => (
              <li key={l.href}>
                <Link href={l.href} current={path}>
                  {t(l.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          <Page path={path} user={user} onUser={onUser} mustEnrol={mustEnrol} />
        </main>
      </div>
    </>
  );
}

function Page({ path, user, onUser, mustEnrol }: { path: string; user: Me; onUser: (u: Me) => void; mustEnrol: boolean }) {
  if (path === '/account' || mustEnrol) return <AccountPage user={user} onUser={onUser} />;
  if (path === '/' || path === '/login') return <HomePage user={user} />;
  if (isPublicStatsPath(path)) return <PublicStats />;
  const section = SECTIONS.find((s) => isActive(path, s.path));
  if (!section) return <MessagePage title="notFound.title" body="notFound.body" />;
  if (!canOpen(section, user.roles)) return <MessagePage title="forbidden.title" body="forbidden.body" />;
  if (section.path === '/admin') return <AdminPage user={user} path={path} />;
  if (section.path === '/cases') return <CasesSection path={path} user={user} />;
  if (section.path === '/directory') return <DirectorySection path={path} user={user} />;
  if (section.path === '/referrals') return <ReferralsSection path={path} user={user} />;
  if (section.path === '/statistics') return <StatisticsSection user={user} />;
  return <ComingSoonPage title={section.title} description={section.description} />;
}
