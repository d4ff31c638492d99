import { useState } from 'react';
import type { UserDto } from '@coffer/sdk';
import { client, describeError } from '../app/client';
import { useToasts } from '../components/toasts';
import { NewPasswordFields } from '../features/auth/NewPasswordFields';
import { RecoveryKeyPanel } from '../features/auth/RecoveryKeyPanel';

/** First run: the server printed /setup#token=…; the token stays in the fragment, never sent in a URL. */
export function SetupRoute({ onSignedIn }: { onSignedIn: (user: UserDto) => void }) {
  const toasts = useToasts();
  const [token] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<{ recoveryKey: string; user: UserDto }>();

  const submit = async (): Promise<void> => {
    if (password !== confirm) {
      setError('The two passwords differ.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const account = await client.setup({ token, email, password });
      window.history.replaceState(null, '', '/setup');
      // A brand-new admin has no second factor yet, so the password alone signs in here.
      const signedIn = await client.signIn({ email, password, kind: 'browser', label: 'Web browser' });
      setCreated({ recoveryKey: account.recoveryKey, user: 'user' in signedIn ? signedIn.user : account.user });
      toasts.success('Administrator account created.');
    } catch (err) {
      setError(describeError(err));
      toasts.error(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="auth-page">
      <section className="auth-card" aria-labelledby="setup-title">
        <h1 id="setup-title">{created ? 'Your recovery key' : 'Set up Coffer'}</h1>
        {created ? (
          <RecoveryKeyPanel recoveryKey={created.recoveryKey} email={created.user.email} onContinue={() => onSignedIn(created.user)} />
        ) : (
          <form
            className="stack"
            onSubmit={(event) => {
              event.preventDefault();
              void submit();
            }}
          >
            <p>Create the administrator account of this server.</p>
            {!token && (
              <p className="form-error" role="alert">
                This page needs the setup link the server printed when it started (it ends in #token=…).
              </p>
            )}
            <label>
              Email
              <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
            </label>
            <NewPasswordFields password={password} onPassword={setPassword} confirm={confirm} onConfirm={setConfirm} />
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <button type="submit" className="primary" disabled={busy || !token}>
              {busy ? 'Creating…' : 'Create administrator'}
            </button>
          </form>
        )}
      </section>
    </main>
  );
}
