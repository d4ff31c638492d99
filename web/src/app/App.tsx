import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import type { UserDto } from '@coffer/sdk';
import { ToastProvider } from '../components/toasts';
import { FilesRoute } from '../routes/FilesRoute';
import { SearchRoute } from '../routes/SearchRoute';
import { SettingsRoute } from '../routes/SettingsRoute';
import { ConfirmEmailRoute } from '../routes/ConfirmEmailRoute';
import { InviteRoute } from '../routes/InviteRoute';
import { SetupRoute } from '../routes/SetupRoute';
import { SharedRoute } from '../routes/SharedRoute';
import { RecoverRoute } from '../routes/RecoverRoute';
import { RegisterRoute } from '../routes/RegisterRoute';
import { SignInRoute } from '../routes/SignInRoute';
import { TrashRoute } from '../routes/TrashRoute';
import { AppShell } from './AppShell';
import { client, isUnauthenticated } from './client';
import { isLinkPage, navigate, useRoute } from './router';
import { SessionContext, type Session } from './session';

const AdminRoute = lazy(() => import('../routes/AdminRoute'));

type Status = { readonly kind: 'loading' } | { readonly kind: 'signed-out' } | { readonly kind: 'signed-in'; readonly user: UserDto };

export function App() {
  const route = useRoute();
  const [status, setStatus] = useState<Status>({ kind: 'loading' });

  const load = useCallback(async () => {
    try {
      setStatus({ kind: 'signed-in', user: await client.me() });
    } catch (err) {
      if (!isUnauthenticated(err)) console.error(err);
      setStatus({ kind: 'signed-out' });
      const { needsSetup } = await client.setupStatus().catch(() => ({ needsSetup: false }));
      const current = window.location.pathname;
      if (needsSetup && !current.startsWith('/setup')) navigate({ name: 'setup' }, { replace: true });
      else if (!needsSetup && !isLinkPage(current) && !current.startsWith('/sign-in')) navigate({ name: 'sign-in' }, { replace: true });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const session = useMemo<Session | undefined>(
    () =>
      status.kind === 'signed-in'
        ? {
            user: status.user,
            refresh: () =>
              void client.me().then(
                (user) => setStatus({ kind: 'signed-in', user }),
                () => undefined,
              ),
            signOut: async () => {
              await client.signOut();
              setStatus({ kind: 'signed-out' });
              navigate({ name: 'sign-in' });
            },
          }
        : undefined,
    [status],
  );

  const signedIn = (user: UserDto): void => {
    setStatus({ kind: 'signed-in', user });
    navigate({ name: 'files', path: [] }, { replace: true });
  };

  let screen;
  if (status.kind === 'loading') screen = <p className="loading">Loading…</p>;
  else if (route.name === 'setup') screen = <SetupRoute onSignedIn={signedIn} />;
  // Whoever was signed in on this browser is not the invited person: the new account signs in afresh.
  else if (route.name === 'invite') screen = <InviteRoute onFinished={() => (session ? void session.signOut() : navigate({ name: 'sign-in' }))} />;
  else if (route.name === 'confirm-email') screen = <ConfirmEmailRoute signedIn={session !== undefined} onConfirmed={() => session?.refresh()} />;
  else if (route.name === 'register') screen = <RegisterRoute onFinished={() => (session ? void session.signOut() : navigate({ name: 'sign-in' }))} />;
  else if (route.name === 'recover') screen = <RecoverRoute />;
  else if (!session) screen = <SignInRoute onSignedIn={signedIn} />;
  else if (route.name === 'sign-in') {
    navigate({ name: 'files', path: [] }, { replace: true });
    screen = null;
  } else
    screen = (
      <SessionContext.Provider value={session}>
        <AppShell route={route}>
          {route.name === 'files' && <FilesRoute path={route.path} />}
          {route.name === 'search' && <SearchRoute query={route.query} />}
          {route.name === 'trash' && <TrashRoute />}
          {route.name === 'settings' && <SettingsRoute />}
          {route.name === 'shared' && <SharedRoute />}
          {route.name === 'admin' && session.user.role === 'admin' && (
            <Suspense fallback={<p className="loading">Loading…</p>}>
              <AdminRoute />
            </Suspense>
          )}
        </AppShell>
      </SessionContext.Provider>
    );
  return <ToastProvider>{screen}</ToastProvider>;
}
