import { useCallback, useEffect, useState } from 'react';
import type { ResultOf, Api } from '@coffer/sdk';
import { client } from '../../app/client';
import { useToasts } from '../../components/toasts';

type SessionRow = ResultOf<Api['listSessions']>['sessions'][number];

const kindNames = { browser: 'Browser', token: 'API token', app: 'App password' } as const;

function when(iso: string): string {
  return new Date(iso).toLocaleString();
}

/** Where this account is signed in (browsers, tokens, app passwords), with revoke one / all others. */
export function SessionsSection({ reloadKey }: { reloadKey: number }) {
  const toasts = useToasts();
  const [sessions, setSessions] = useState<readonly SessionRow[]>();
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => {
    client.listSessions().then(
      (result) => setSessions(result.sessions),
      (err: unknown) => toasts.error(err),
    );
  }, [toasts]);
  useEffect(load, [load, reloadKey]);
  const act = (action: () => Promise<unknown>, done: string): void => {
    setBusy(true);
    action()
      .then(
        () => {
          toasts.success(done);
          load();
        },
        (err: unknown) => toasts.error(err),
      )
      .finally(() => setBusy(false));
  };
  const others = sessions?.filter((session) => !session.current).length ?? 0;
  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">Sessions and app passwords</h2>
      {!sessions ? (
        <p>Loading…</p>
      ) : (
        <div className="stack">
          <ul className="plain-list session-list" aria-label="Sessions" data-testid="sessions">
            {sessions.map((session) => (
              <li key={session.id} className="session-row">
                <div>
                  <strong>{session.label || kindNames[session.kind]}</strong> · {kindNames[session.kind]}
                  {session.scope !== 'full' && ` (${session.scope})`}
                  {session.current && ' · this browser'}
                  <br />
                  <small>
                    Last used {when(session.lastUsedAt)} · since {when(session.createdAt)}
                  </small>
                </div>
                {!session.current && (
                  <button
                    type="button"
                    disabled={busy}
                    aria-label={`Revoke ${session.label || kindNames[session.kind]}`}
                    onClick={() => act(() => client.revokeSession(session.id), 'Revoked.')}
                  >
                    Revoke
                  </button>
                )}
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="danger"
            disabled={busy || others === 0}
            onClick={() => act(() => client.revokeOtherSessions(), 'Signed out everywhere else.')}
          >
            Sign out all other sessions
          </button>
        </div>
      )}
    </section>
  );
}
