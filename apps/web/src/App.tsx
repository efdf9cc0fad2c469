import { useCallback, useMemo, useState, type MouseEvent } from 'react';
import { AppHeader } from './components/AppHeader';
import { LoginScreen } from './components/LoginScreen';
import { PoolListPage } from './components/PoolListPage';
import { PoolPage } from './components/PoolPage';
import { useHashRoute } from './hooks/useHashRoute';
import { createApiClient, type StaffSession } from './lib/api';
import { poolsHref } from './lib/route';
import { clearSession, loadSession, saveSession } from './lib/session';

export function App() {
  const [session, setSession] = useState<StaffSession | null>(() => loadSession(window.sessionStorage));
  const [notice, setNotice] = useState<string | null>(null);
  const route = useHashRoute();

  const signOut = useCallback((reason: string | null) => {
    clearSession(window.sessionStorage);
    setSession(null);
    setNotice(reason);
  }, []);

  const signIn = useCallback((next: StaffSession) => {
    saveSession(window.sessionStorage, next);
    setSession(next);
    setNotice(null);
  }, []);

  const token = session?.token ?? null;
  const api = useMemo(
    () => createApiClient({ token, onUnauthorized: () => signOut('Your session has ended. Please sign in again.') }),
    [token, signOut],
  );

  if (!session) return <LoginScreen api={api} notice={notice} onSignedIn={signIn} />;

  return (
    <>
      {/* Focuses <main> without touching location.hash, which holds the route. */}
      <a className="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <AppHeader
        user={session.user}
        onSignOut={() => {
          void api.signOut();
          signOut(null);
        }}
      />
      <main id="main" className="page" tabIndex={-1}>
        {route.name === 'pools' && <PoolListPage api={api} />}
        {route.name === 'pool' && <PoolPage key={route.poolId} api={api} poolId={route.poolId} user={session.user} />}
        {route.name === 'notFound' && (
          <section>
            <h1>Page not found</h1>
            <p>
              Nothing lives at <code>{route.hash}</code>. <a href={poolsHref}>Go to the pools</a>.
            </p>
          </section>
        )}
      </main>
    </>
  );
}

function skipToMain(event: MouseEvent<HTMLAnchorElement>) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}
