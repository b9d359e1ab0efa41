import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, asApiError, type OidcInfo } from '../api/client.ts';
import { useSession, takeReturnPath } from '../app/session.tsx';
import { Link, navigate } from '../app/router.tsx';
import { ErrorNotice, Field, errorText, useTitle } from '../app/ui.tsx';
import { oidcErrorFromSearch, paths } from '../app/routes.ts';
import { EmailLinkForm } from './EmailLinkForm.tsx';

/** Staff and students: username (or e-mail) and password. */
function PasswordForm() {
  const { t } = useTranslation();
  const { setSession } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ username?: string; password?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: { username?: string; password?: string } = {};
    if (!username.trim()) found.username = t('signIn.usernameRequired');
    if (!password) found.password = t('signIn.passwordRequired');
    setErrors(found);
    setFormError(null);
    if (found.username) return usernameRef.current?.focus();
    if (found.password) return passwordRef.current?.focus();
    setBusy(true);
    try {
      const session = await api.login(username.trim(), password);
      setSession(session);
      navigate(takeReturnPath(), { replace: true });
    } catch (err) {
      setBusy(false);
      setPassword('');
      setFormError(errorText(asApiError(err), t));
      passwordRef.current?.focus();
    }
  };

  return (
    <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate aria-describedby={formError ? 'login-error' : undefined}>
      {formError ? (
        <p id="login-error" className="form-error" role="alert">
          <span className="field-error-prefix">{t('errors.prefix')}</span> {formError}
        </p>
      ) : null}
      <Field
        ref={usernameRef}
        id="login-username"
        label={t('signIn.username')}
        error={errors.username}
        formErrorId={formError && 'login-error'}
        name="username"
        type="text"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        value={username}
        onChange={(e) => setUsername(e.target.value)}
      />
      <Field
        ref={passwordRef}
        id="login-password"
        label={t('signIn.password')}
        error={errors.password}
        formErrorId={formError && 'login-error'}
        name="password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <button type="submit" className="button button-block" disabled={busy} aria-busy={busy || undefined}>
        {busy ? t('signIn.submitting') : t('signIn.submit')}
      </button>
    </form>
  );
}


export function SignInPage({ oidc }: { oidc: OidcInfo }) {
  const { t } = useTranslation();
  const [oidcError] = useState(() => oidcErrorFromSearch(window.location.search));
  useTitle(t('signIn.title'));
  return (
    <div className="signin">
      <div className="page-heading">
        <h1>{t('signIn.title')}</h1>
        <p className="lead">{t('signIn.intro')}</p>
      </div>
      {oidcError ? <ErrorNotice className="page-alert" message={t(`signIn.oidcError.${oidcError}`)} /> : null}
      <div className="signin-grid">
        <section className="card signin-card" aria-labelledby="staff-title">
          <h2 id="staff-title">{t('signIn.staffTitle')}</h2>
          <p className="hint">{t('signIn.staffIntro')}</p>
          <PasswordForm />
          <p className="signin-aside">
            <Link href={paths.password()}>{t('signIn.passwordLink')}</Link>
          </p>
          {oidc.enabled ? (
            <>
              <p className="separator">
                <span>{t('signIn.or')}</span>
              </p>
              <a className="button button-secondary button-block" href="/api/auth/oidc/start">
                {t('signIn.oidc', { label: oidc.label })}
              </a>
            </>
          ) : null}
        </section>
        <section className="card signin-card" aria-labelledby="parents-title">
          <h2 id="parents-title">{t('signIn.parentsTitle')}</h2>
          <p className="hint">{t('signIn.parentsIntro')}</p>
          <EmailLinkForm id="magic" send={api.requestMagicLink} submitLabel={t('signIn.sendLink')} sentText={t('signIn.linkSent')} />
        </section>
      </div>
    </div>
  );
}
