import { useTranslation } from 'react-i18next';
import { SessionProvider, rememberReturnPath, useSession } from './session.tsx';
import { Redirect, usePathname } from './router.tsx';
import { isPublicRoute, matchRoute, paths, type Route } from './routes.ts';
import { AppLayout, PublicLayout } from './Layout.tsx';
import { LoadingPage, NotFoundPage, ProblemPage } from './ui.tsx';
import type { SignedInSession } from '../api/client.ts';
import { SignInPage } from '../pages/SignInPage.tsx';
import { MagicLinkPage } from '../pages/MagicLinkPage.tsx';
import { PasswordPage } from '../pages/PasswordPage.tsx';
import { HomePage } from '../pages/HomePage.tsx';
import { ClassGroupPage } from '../pages/ClassGroupPage.tsx';
import { SchoolPage } from '../pages/SchoolPage.tsx';
import { StudentPage } from '../pages/StudentPage.tsx';
import { AdminPage } from '../pages/AdminPage.tsx';

function SignedInPage({ route, session }: { route: Route; session: SignedInSession }) {
  switch (route.name) {
    case 'home':
      return <HomePage session={session} />;
    case 'classGroup':
      return <ClassGroupPage id={route.id} session={session} />;
    case 'school':
      return <SchoolPage id={route.id} />;
    case 'student':
      return <StudentPage id={route.id} />;
    case 'admin':
      return <AdminPage session={session} />;
    default:
      return <NotFoundPage />;
  }
}

function Routes() {
  const pathname = usePathname();
  const route = matchRoute(pathname);
  const { state, reload } = useSession();
  useTranslation(); // re-render on a language change

  if (state.status === 'loading') {
    return (
      <PublicLayout>
        <LoadingPage />
      </PublicLayout>
    );
  }
  if (state.status === 'error') {
    return (
      <PublicLayout>
        <ProblemPage error={state.error} onRetry={reload} />
      </PublicLayout>
    );
  }
  const { session } = state;

  if (isPublicRoute(route)) {
    if (route.name === 'signIn' && session.signedIn) return <Redirect to={paths.home()} />;
    return (
      <PublicLayout>
        {route.name === 'signIn' ? <SignInPage oidc={session.oidc} /> : route.name === 'password' ? <PasswordPage /> : <MagicLinkPage />}
      </PublicLayout>
    );
  }

  if (!session.signedIn) {
    if (route.name !== 'home') rememberReturnPath(window.location.pathname + window.location.search);
    return <Redirect to={paths.signIn()} />;
  }

  return (
    <AppLayout session={session}>
      <SignedInPage key={pathname} route={route} session={session} />
    </AppLayout>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Routes />
    </SessionProvider>
  );
}
