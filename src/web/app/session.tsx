import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, isAbortError, setCsrfToken, type ApiError, type Session } from '../api/client.ts';
import { navigate } from './router.tsx';
import { safeReturnPath, paths } from './routes.ts';

const RETURN_KEY = 'balise_return_to';

export type SessionState =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; session: Session };

interface SessionContextValue {
  state: SessionState;
  /** Adopts the session payload of a sign-in (or a signed-out one). */
  setSession(session: Session): void;
  /** The server answered 401: the session is gone; back to the sign-in page, then here again. */
  expire(): void;
  signOut(): Promise<void>;
  reload(): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function rememberReturnPath(path: string) {
  const safe = safeReturnPath(path);
  try {
    if (safe) window.sessionStorage.setItem(RETURN_KEY, safe);
  } catch {
    // storage refused: the person lands on the home page instead
  }
}

/** Where to go after signing in (read once). */
export function takeReturnPath(): string {
  let value: string | null = null;
  try {
    value = window.sessionStorage.getItem(RETURN_KEY);
    window.sessionStorage.removeItem(RETURN_KEY);
  } catch {
    value = null;
  }
  return safeReturnPath(value) ?? paths.home();
}

function forgetReturnPath() {
  try {
    window.sessionStorage.removeItem(RETURN_KEY);
  } catch {
    // nothing to forget
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    api
      .session(controller.signal)
      .then((session) => {
        setCsrfToken(session.signedIn ? session.csrfToken : null);
        setState({ status: 'ready', session });
      })
      .catch((error: unknown) => {
        if (isAbortError(error)) return;
        setState({ status: 'error', error: error as ApiError });
      });
    return () => controller.abort();
  }, [attempt]);

  const setSession = useCallback((session: Session) => {
    setCsrfToken(session.signedIn ? session.csrfToken : null);
    setState({ status: 'ready', session });
  }, []);

  const signedOut = useCallback((previous: SessionState): Session => {
    if (previous.status !== 'ready') return { signedIn: false, locale: 'fr', oidc: { enabled: false, label: '' } };
    const { session } = previous;
    // The board still holds the demonstration data after signing out: the sign-in page keeps its marker (issue 16 B1).
    const demo = session.signedIn ? session.board.demo : session.demo === true;
    return { signedIn: false, locale: session.locale, oidc: session.oidc, demo };
  }, []);

  const expire = useCallback(() => {
    setCsrfToken(null);
    rememberReturnPath(window.location.pathname + window.location.search);
    setState((previous) => ({ status: 'ready', session: signedOut(previous) }));
    navigate(paths.signIn(), { replace: true });
  }, [signedOut]);

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } catch (error) {
      // 401: the session had already ended; anything else: the cookie is cleared by the next sign-in anyway.
      if ((error as ApiError).status === 0) throw error;
    }
    setCsrfToken(null);
    forgetReturnPath();
    setState((previous) => ({ status: 'ready', session: signedOut(previous) }));
    navigate(paths.signIn());
  }, [signedOut]);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo(() => ({ state, setSession, expire, signOut, reload }), [state, setSession, expire, signOut, reload]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
