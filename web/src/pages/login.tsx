import { useRef, useState, useEffect } from 'preact/hooks';
import { api, ApiError, PROBLEM_TOTP_REQUIRED, type Session } from '../api';
import { ErrorBox, LangSwitch, Notice, TextField } from '../components';
import { useI18n } from '../i18n';

export function LoginPage({ onLogin, message }: { onLogin: (s: Session) => void; message?: string }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [step, setStep] = useState<'password' | 'totp'>('password');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const totpRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (step === 'totp') totpRef.current?.querySelector('input')?.focus();
  }, [step]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await api.login(username.trim(), password, step === 'totp' ? totp.trim() : undefined);
      onLogin(session);
    } catch (err) {
      if (err instanceof ApiError && err.type === PROBLEM_TOTP_REQUIRED && step === 'password') {
        setStep('totp');
      } else {
        setError(err);
        if (step === 'totp') setTotp('');
      }
    } finally {
      setBusy(false);
    }
  };

  const back = () => {
    setStep('password');
    setTotp('');
    setError(null);
  };

  return (
    <div class="login-wrap">
      <div class="login-top">
        <LangSwitch />
      </div>
      <main id="main" class="login-card">
        <p class="brand-big">
          <span class="brand-mark" aria-hidden="true" />
          {t('app.name')}
        </p>
        <p class="muted">{t('app.tagline')}</p>
        <h1>{step === 'password' ? t('login.title') : t('login.totpTitle')}</h1>
        {message && <Notice>{message}</Notice>}
        <form onSubmit={submit} class="stack">
          {step === 'password' ? (
            <>
              <p class="muted">{t('login.intro')}</p>
              <TextField
                label={t('login.username')}
                name="username"
                value={username}
                onValue={setUsername}
                autoComplete="username"
                autoCapitalize="none"
                spellcheck={false}
                required
                autoFocus
              />
              <TextField
                label={t('login.password')}
                name="password"
                type="password"
                value={password}
                onValue={setPassword}
                autoComplete="current-password"
                required
              />
            </>
          ) : (
            <div ref={totpRef}>
              <p>{t('login.totpHelp')}</p>
              <TextField
                label={t('login.totpCode')}
                name="totp"
                value={totp}
                onValue={setTotp}
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]{6}"
                maxLength={6}
                required
              />
            </div>
          )}
          <ErrorBox error={error} />
          <div class="actions">
            <button type="submit" class="btn btn-primary" disabled={busy}>
              {busy ? t('login.busy') : step === 'password' ? t('login.submit') : t('login.totpSubmit')}
            </button>
            {step === 'totp' && (
              <button type="button" class="btn" onClick={back}>
                {t('login.back')}
              </button>
            )}
          </div>
        </form>
      </main>
    </div>
  );
}
