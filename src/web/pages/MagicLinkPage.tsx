import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, asApiError, type ApiError } from '../api/client.ts';
import { useSession } from '../app/session.tsx';
import { Link, navigate } from '../app/router.tsx';
import { dropHashFromAddressBar, paths, tokenFromHash } from '../app/routes.ts';
import { ErrorNotice, errorText, useTitle } from '../app/ui.tsx';

/**
 * Landing page of a guardian's one-time link (`/connexion/lien#<token>`). The token stays in the
 * fragment (never sent with the page request), is taken out of the address bar at once, and is
 * used only when the person presses the button: mail scanners that open links use nothing.
 */
export function MagicLinkPage() {
  const { t } = useTranslation();
  const { setSession } = useSession();
  const [token] = useState(() => tokenFromHash(window.location.hash));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  useTitle(t('magicLink.title'));

  useEffect(() => {
    if (window.location.hash) dropHashFromAddressBar();
  }, []);

  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  const onSignIn = async () => {
    if (!token) return;
    setBusy(true);
    setError(null);
    try {
      const session = await api.consumeMagicLink(token);
      setSession(session);
      navigate(paths.home(), { replace: true });
    } catch (err) {
      setBusy(false);
      setError(asApiError(err));
    }
  };

  const linkUsed = error !== null && (error.status === 410 || error.status === 400);

  return (
    <section className="card narrow" aria-labelledby="magic-title">
      <h1 id="magic-title">{t('magicLink.title')}</h1>
      {!token ? (
        <div className="notice notice-error" role="alert">
          <p>{t('magicLink.missing')}</p>
        </div>
      ) : !linkUsed ? (
        <>
          <p>{t('magicLink.intro')}</p>
          <button type="button" className="button button-block" onClick={() => void onSignIn()} disabled={busy} aria-busy={busy || undefined}>
            {busy ? t('magicLink.submitting') : t('magicLink.submit')}
          </button>
        </>
      ) : null}
      {error ? <ErrorNotice ref={errorRef} tabIndex={-1} message={errorText(error, t)} /> : null}
      {!token || linkUsed ? (
        <p>
          <Link className="button button-secondary" href={paths.signIn()}>{t('magicLink.backToSignIn')}</Link>
        </p>
      ) : null}
    </section>
  );
}
