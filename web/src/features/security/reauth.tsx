import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from 'react';
import { CofferApiError } from '@coffer/sdk';
import { client, describeError } from '../../app/client';
import { Dialog } from '../../components/dialog';
import { assertPasskey } from './webauthn';
import { FormError } from '../../components/FormError';

type Guard = <T>(action: () => Promise<T>) => Promise<T>;

const ReauthContext = createContext<Guard>((action) => action());

/** Runs a sensitive action; when the server asks for a fresh confirmation, prompts for it and runs the action again. */
export function useReauth(): Guard {
  return useContext(ReauthContext);
}

export function ReauthProvider({ children }: { children: ReactNode }) {
  const [asking, setAsking] = useState(false);
  const pending = useRef<{ resolve: () => void; reject: (err: unknown) => void }>(undefined);
  const guard = useCallback<Guard>(async (action) => {
    try {
      return await action();
    } catch (err) {
      if (!(err instanceof CofferApiError && err.code === 'auth.reauth_required')) throw err;
      await new Promise<void>((resolve, reject) => {
        pending.current = { resolve, reject };
        setAsking(true);
      });
      return action();
    }
  }, []);
  const finish = (err?: unknown): void => {
    setAsking(false);
    if (err === undefined) pending.current?.resolve();
    else pending.current?.reject(err);
    pending.current = undefined;
  };
  return (
    <ReauthContext.Provider value={guard}>
      {children}
      {asking && <ReauthDialog onDone={() => finish()} onCancel={() => finish(new Error('Cancelled.'))} />}
    </ReauthContext.Provider>
  );
}

function ReauthDialog({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = (confirm: () => Promise<unknown>): void => {
    setBusy(true);
    setError(undefined);
    confirm().then(onDone, (err: unknown) => {
      setBusy(false);
      setError(describeError(err));
    });
  };
  return (
    <Dialog title="Confirm it is you" onClose={onCancel}>
      <form
        className="dialog-body stack"
        onSubmit={(event) => {
          event.preventDefault();
          run(() => client.reauthenticate({ password }));
        }}
      >
        <p>This change needs your password again (or one of your passkeys). It then counts for 5 minutes.</p>
        <label>
          Password
          <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />
        </label>
        {error && <FormError>{error}</FormError>}
        <footer className="dialog-actions">
          <button
            type="button"
            disabled={busy}
            onClick={() => run(async () => client.reauthenticate({ passkey: await assertPasskey(await client.reauthPasskeyOptions()) }))}
          >
            Use a passkey
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Confirm
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
