/**
 * Client-side routes (pure functions, no DOM): the server serves index.html for any page path,
 * and the client decides what to show from the path.
 */

export type Route =
  | { name: 'signIn' }
  | { name: 'magicLink' }
  | { name: 'password' }
  | { name: 'home' }
  | { name: 'classGroup'; id: string }
  | { name: 'school'; id: string }
  | { name: 'student'; id: string }
  | { name: 'admin' }
  | { name: 'notFound' };

/** Pages anyone may open without a session. */
export function isPublicRoute(route: Route): boolean {
  return route.name === 'signIn' || route.name === 'magicLink' || route.name === 'password';
}

const withId: ReadonlyArray<[string, 'classGroup' | 'school' | 'student']> = [
  ['classes', 'classGroup'],
  ['ecoles', 'school'],
  ['eleves', 'student'],
];

function decodeSegment(segment: string): string | null {
  try {
    const value = decodeURIComponent(segment);
    return value.length > 0 && !value.includes('/') ? value : null;
  } catch {
    return null;
  }
}

export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '' || path === '/') return { name: 'home' };
  if (path === '/connexion') return { name: 'signIn' };
  if (path === '/connexion/lien') return { name: 'magicLink' };
  if (path === '/connexion/mot-de-passe') return { name: 'password' };
  if (path === '/admin') return { name: 'admin' };
  const segments = path.split('/').slice(1);
  if (segments.length === 2) {
    const [first, second] = segments as [string, string];
    const entry = withId.find(([prefix]) => prefix === first);
    const id = decodeSegment(second);
    if (entry && id) return { name: entry[1], id };
  }
  return { name: 'notFound' };
}

export const paths = {
  home: () => '/',
  signIn: () => '/connexion',
  magicLink: () => '/connexion/lien',
  password: () => '/connexion/mot-de-passe',
  classGroup: (id: string) => `/classes/${encodeURIComponent(id)}`,
  school: (id: string) => `/ecoles/${encodeURIComponent(id)}`,
  student: (id: string) => `/eleves/${encodeURIComponent(id)}`,
  admin: () => '/admin',
};

/**
 * Where to go back after signing in: only a path of this site (never `//host` or a URL), and
 * never the sign-in pages themselves.
 */
export function safeReturnPath(value: string | null | undefined): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return null;
  if (/[\u0000-\u001f]/.test(value)) return null;
  const pathname = value.split(/[?#]/)[0] ?? '';
  const route = matchRoute(pathname);
  if (isPublicRoute(route) || route.name === 'notFound') return null;
  return value;
}

/** Takes the fragment (a one-time link’s token) out of the address bar and of the current history entry. */
export function dropHashFromAddressBar(): void {
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
}

/** The one-time token carried in a link's fragment (`/connexion/lien#<token>`, `/connexion/mot-de-passe#<token>`). */
export function tokenFromHash(hash: string): string | null {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!raw) return null;
  let token: string;
  try {
    token = decodeURIComponent(raw);
  } catch {
    return null;
  }
  token = token.trim();
  if (token.startsWith('token=')) token = token.slice('token='.length);
  return token.length > 0 && token.length <= 512 && !/\s/.test(token) ? token : null;
}

const OIDC_ERRORS: Readonly<Record<string, 'failed' | 'unknown_person' | 'unavailable'>> = {
  'auth.oidc_failed': 'failed',
  'auth.oidc_unknown_person': 'unknown_person',
  'auth.oidc_unavailable': 'unavailable',
};

/**
 * The identity provider's sign-in came back refused: `/connexion?erreur=auth.oidc_failed`.
 * Returns the catalogue key under `signIn.oidcError.` (known codes only), or null.
 */
export function oidcErrorFromSearch(search: string): 'failed' | 'unknown_person' | 'unavailable' | null {
  const code = new URLSearchParams(search).get('erreur');
  return code ? (OIDC_ERRORS[code] ?? null) : null;
}
