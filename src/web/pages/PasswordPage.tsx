import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api, asApiError, type ApiError } from '../api/client.ts';
import { useSession } from '../app/session.tsx';
import { Link, navigate } from '../app/router.tsx';
import { dropHashFromAddressBar, paths, tokenFromHash } from '../app/routes.ts';
import { ErrorNotice, Field, errorText, useTitle } from '../app/ui.tsx';
import { EmailLinkForm } from './EmailLinkForm.tsx';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../../domain/auth/password-policy.ts';

/**
 * `/connexion/mot-de-passe`: staff and students without a password yet (or who forgot it) ask for
 * a link by e-mail; the link (`#<token>`, taken out of the address bar at once) brings them back
 * here to choose one, and signs them in.
 */
export function PasswordPage() {
  const { t } = useTranslation();
  const [token, setToken] = useState(() => tokenFromHash(window.location.hash));
  useTitle(t(token ? 'password.chooseTitle' : 'password.askTitle'));
  useEffect(() => {
    // The token leaves the address bar at once; a link pasted into this open page is taken too.
    const takeToken = () => {
      if (!window.location.hash) return;
      const fromHash = tokenFromHash(window.location.hash);
      if (fromHash) setToken(fromHash);
      dropHashFromAddressBar();
    };
    takeToken();
    window.addEventListener('hashchange', takeToken);
    return () => window.removeEventListener('hashchange', takeToken);
  }, []);
  return (
    <section className="card narrow" aria-labelledby="password-title">
      {token ? <ChoosePassword key={token} token={token} /> : <AskForLink />}
      <p className="signin-aside">
        <Link href={paths.signIn()}>{t('magicLink.backToSignIn')}</Link>
      </p>
    </section>
  );
}

function AskForLink() {
  const { t } = useTranslation();
  return (
    <>
      <h1 id="password-title">{t('password.askTitle')}</h1>
      <p>{t('password.askIntro')}</p>
      <EmailLinkForm id="password-link" send={api.requestPasswordLink} submitLabel={t('password.askSubmit')} sentText={t('password.linkSent')} />
    </>
  );
}

type PasswordErrors = { password?: string; confirmation?: string };

/** The server's own rule, checked here first to spare a round trip; it knows the person's logins too. */
function checkNewPassword(t: TFunction, password: string, confirmation: string): PasswordErrors {
  if (passwordProblem(password, []) === 'too_short') return { password: t('password.tooShort', { min: MIN_PASSWORD_LENGTH }) };
  return confirmation === password ? {} : { confirmation: t('password.mismatch') };
}

/** Why the password could not be set; a used or expired link offers a new one. */
function ChooseFailure({ failure }: { failure: ApiError }) {
  const { t } = useTranslation();
  return (
    <ErrorNotice message={errorText(failure, t)}>
      {failure.status === 410 ? (
        <p>
          <a href={paths.password()}>{t('password.askAgain')}</a>
        </p>
      ) : null}
    </ErrorNotice>
  );
}

function ChoosePassword({ token }: { token: string }) {
  const { t } = useTranslation();
  const { setSession } = useSession();
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<PasswordErrors>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmationRef = useRef<HTMLInputElement>(null);
  const linkUsed = failure?.status === 410;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = checkNewPassword(t, password, confirmation);
    setErrors(found);
    setFailure(null);
    if (found.password) return passwordRef.current?.focus();
    if (found.confirmation) return confirmationRef.current?.focus();
    setBusy(true);
    try {
      setSession(await api.setPasswordWithLink(token, password));
      navigate(paths.home(), { replace: true });
    } catch (err) {
      setBusy(false);
      const apiError = asApiError(err);
      if (apiError.status === 400) {
        setErrors({ password: errorText(apiError, t) });
        passwordRef.current?.focus();
      } else setFailure(apiError);
    }
  };

  return (
    <>
      <h1 id="password-title">{t('password.chooseTitle')}</h1>
      {failure ? <ChooseFailure failure={failure} /> : null}
      {linkUsed ? null : (
        <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
          <Field
            ref={passwordRef}
            id="new-password"
            label={t('password.new')}
            hint={t('password.hint', { min: MIN_PASSWORD_LENGTH })}
            error={errors.password}
            name="new-password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <Field
            ref={confirmationRef}
            id="confirm-password"
            label={t('password.confirm')}
            error={errors.confirmation}
            name="confirm-password"
            type="password"
            autoComplete="new-password"
            value={confirmation}
            onChange={(e) => setConfirmation(e.target.value)}
          />
          <button type="submit" className="button button-block" disabled={busy} aria-busy={busy || undefined}>
            {busy ? t('password.submitting') : t('password.submit')}
          </button>
        </form>
      )}
    </>
  );
}
