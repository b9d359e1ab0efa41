import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session, SignedInSession } from '../api/client.ts';
import { setLocale, useLocale } from '../i18n/index.ts';
import { otherLocale } from './locale.ts';
import { Link, usePathname } from './router.tsx';
import { paths } from './routes.ts';
import { roleLabelKeys } from './roles.ts';
import { useSession } from './session.tsx';
import { fullName } from './format.ts';
import { errorText } from './ui.tsx';
import type { ApiError } from '../api/client.ts';

/** « English » when the page is in French, « Français » when in English; the label carries its own lang. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const target = otherLocale(useLocale());
  return (
    <button type="button" className="lang-switch" lang={target} onClick={() => void setLocale(target)}>
      {t('language.switchTo')}
    </button>
  );
}

function SkipLink() {
  const { t } = useTranslation();
  return (
    <a className="skip-link" href="#main">
      {t('app.skipLink')}
    </a>
  );
}

/** After a client-side navigation, focus moves to the new page's content (as a page load would). */
function useFocusMainOnNavigation(mainRef: RefObject<HTMLElement | null>) {
  const pathname = usePathname();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: false });
    window.scrollTo(0, 0);
  }, [pathname, mainRef]);
}

function Main({ children }: { children: ReactNode }) {
  const mainRef = useRef<HTMLElement>(null);
  useFocusMainOnNavigation(mainRef);
  return (
    <main id="main" ref={mainRef} tabIndex={-1} className="main">
      <div className="container">{children}</div>
    </main>
  );
}

/** Whether the board still holds the demonstration data (ORG-2): the server says so in the session. */
function holdsDemo(session: Session): boolean {
  return session.signedIn ? session.board.demo : session.demo === true;
}

/** « Démonstration », in words (not only colour), on every page while the demo data is present (ORG-2). */
function DemoMarker() {
  const { t } = useTranslation();
  return (
    <div className="container status-slot">
      <p className="notice notice-warning" role="note" data-testid="demo-marker">
        <strong>{t('demo.marker')}</strong> — {t('demo.explanation')}
      </p>
    </div>
  );
}

function Footer() {
  const { t } = useTranslation();
  return (
    <footer className="footer">
      <div className="container">
        <p>{t('app.footer')}</p>
      </div>
    </footer>
  );
}

/** Sign-in pages: the brand and the language switch. */
export function PublicLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { state } = useSession();
  return (
    <>
      <SkipLink />
      <header className="topbar">
        <div className="container topbar-row">
          <span className="brand">
            <span className="brand-mark" aria-hidden="true" />
            <span className="brand-name">{t('app.name')}</span>
          </span>
          <div className="topbar-tools">
            <LanguageSwitch />
          </div>
        </div>
      </header>
      {state.status === 'ready' && holdsDemo(state.session) ? <DemoMarker /> : null}
      <Main>{children}</Main>
      <Footer />
    </>
  );
}

function SignOutButton() {
  const { t } = useTranslation();
  const { signOut } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const onClick = async () => {
    setBusy(true);
    setError(null);
    try {
      await signOut();
    } catch (err) {
      setError(err as ApiError);
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="button button-on-dark" onClick={() => void onClick()} disabled={busy} aria-describedby={error ? 'sign-out-error' : undefined}>
        {busy ? t('app.signingOut') : t('app.signOut')}
      </button>
      {error ? (
        <p id="sign-out-error" className="topbar-error" role="alert">
          {errorText(error, t)}
        </p>
      ) : null}
    </>
  );
}

/** Pages behind sign-in: board, person, menu, language, sign-out. */
export function AppLayout({ session, children }: { session: SignedInSession; children: ReactNode }) {
  const { t } = useTranslation();
  const pathname = usePathname();
  const roles = roleLabelKeys(session, session.board.legalProfile).map((k) => t(`roles.${k}`));
  const nav: { href: string; label: string }[] = [{ href: paths.home(), label: t('app.home') }];
  if (session.can.administerBoard) nav.push({ href: paths.admin(), label: t('app.admin') });

  return (
    <>
      <SkipLink />
      <header className="topbar">
        <div className="container topbar-row">
          <Link className="brand" href={paths.home()}>
            <span className="brand-mark" aria-hidden="true" />
            <span className="brand-name">{t('app.name')}</span>
          </Link>
          <p className="board-name">{session.board.name}</p>
          <div className="topbar-tools">
            <p className="person">
              <span className="person-name">{fullName(session.person)}</span>
              <span className="person-role">{roles.join(' · ')}</span>
            </p>
            <LanguageSwitch />
            <SignOutButton />
          </div>
        </div>
        <nav className="mainnav" aria-label={t('app.mainNav')}>
          <ul className="container mainnav-list">
            {nav.map((item) => {
              const current = item.href === '/' ? pathname === '/' : pathname === item.href || pathname.startsWith(`${item.href}/`);
              return (
                <li key={item.href}>
                  <Link href={item.href} aria-current={current ? 'page' : undefined}>
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
      </header>
      {holdsDemo(session) ? <DemoMarker /> : null}
      <Main>{children}</Main>
      <Footer />
    </>
  );
}
