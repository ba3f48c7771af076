import { useState } from 'preact/hooks';
import { api, type Me } from '../api';
import { ErrorBox, Notice, PageTitle, TextField } from '../components';
import { useI18n } from '../i18n';
import { codeLabel } from '../refdata';

const MIN_PASSWORD = 12;

export function AccountPage({ user, onUser }: { user: Me; onUser: (u: Me) => void }) {
  const { t, lang } = useI18n();
  return (
    <>
      <PageTitle>{t('account.title')}</PageTitle>
      {user.must_enrol_totp && !user.totp_enabled && <p class="alert alert-warn">{t('account.totpRequired')}</p>}
      <section class="panel">
        <h2>{t('account.profile')}</h2>
        <dl class="facts">
          <div>
            <dt>{t('user.username')}</dt>
            <dd>{user.username}</dd>
          </div>
          <div>
            <dt>{t('user.displayName')}</dt>
            <dd>{user.display_name || t('common.none')}</dd>
          </div>
          <div>
            <dt>{t('user.organization')}</dt>
            <dd>{user.organization?.name}</dd>
          </div>
          <div>
            <dt>{t('user.roles')}</dt>
            <dd>{user.roles.map((r) => codeLabel(lang, 'role', r)).join(', ')}</dd>
          </div>
        </dl>
      </section>
      <TotpPanel user={user} onUser={onUser} />
      <PasswordPanel />
    </>
  );
}

function PasswordPanel() {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [local, setLocal] = useState('');
  const [done, setDone] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setDone(false);
    if (next.length < MIN_PASSWORD) return setLocal(t('user.passwordShort'));
    if (next !== repeat) return setLocal(t('account.mismatch'));
    setLocal('');
    setBusy(true);
    try {
      await api.changePassword(current, next);
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel">
      <h2>{t('account.changePassword')}</h2>
      <form class="stack" onSubmit={submit}>
        <TextField
          label={t('account.currentPassword')}
          type="password"
          autoComplete="current-password"
          value={current}
          onValue={setCurrent}
          required
        />
        <TextField
          label={t('account.newPassword')}
          type="password"
          autoComplete="new-password"
          value={next}
          onValue={setNext}
          required
        />
        <TextField
          label={t('account.repeatPassword')}
          type="password"
          autoComplete="new-password"
          value={repeat}
          onValue={setRepeat}
          required
        />
        {local && (
          <p class="alert alert-error" role="alert">
            {local}
          </p>
        )}
        <ErrorBox error={error} />
        {done && <Notice>{t('account.passwordChanged')}</Notice>}
        <div class="actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? t('common.saving') : t('account.changePassword')}
          </button>
        </div>
      </form>
    </section>
  );
}

function TotpPanel({ user, onUser }: { user: Me; onUser: (u: Me) => void }) {
  const { t } = useI18n();
  const [setup, setSetup] = useState<{ secret: string; otpauth_uri: string } | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      setSetup(await api.totpSetup());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api.totpEnable(code.trim());
      onUser({ ...user, ...r.user, organization: user.organization, must_enrol_totp: false });
      setSetup(null);
      setCode('');
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel">
      <h2>{t('account.totp')}</h2>
      {done && <Notice>{t('account.totpEnabled')}</Notice>}
      {user.totp_enabled ? (
        !done && <p>{t('account.totpOn')}</p>
      ) : setup ? (
        <form class="stack" onSubmit={confirm}>
          <p>{t('account.totpSteps')}</p>
          <div class="field">
            <span class="label">{t('account.totpSecret')}</span>
            <code class="secret" data-testid="totp-secret">
              {setup.secret}
            </code>
          </div>
          <div class="field">
            <span class="label">{t('account.totpUri')}</span>
            <code class="secret wrap" data-testid="totp-uri">
              {setup.otpauth_uri}
            </code>
          </div>
          <TextField
            label={t('account.totpCode')}
            value={code}
            onValue={setCode}
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            required
          />
          <ErrorBox error={error} />
          <div class="actions">
            <button type="submit" class="btn btn-primary" disabled={busy}>
              {t('account.totpConfirm')}
            </button>
            <button type="button" class="btn" onClick={() => setSetup(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <>
          <p>{t('account.totpOff')}</p>
          <ErrorBox error={error} />
          <button type="button" class="btn btn-primary" onClick={start} disabled={busy}>
            {t('account.totpStart')}
          </button>
        </>
      )}
    </section>
  );
}
