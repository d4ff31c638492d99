import { useState } from 'react';
import type { UserDto } from '@coffer/sdk';
import { client, describeError } from '../app/client';
import { useToasts } from '../components/toasts';
import { minPasswordLength, NewPasswordFields } from '../features/auth/NewPasswordFields';
import { RecoveryKeyPanel } from '../features/auth/RecoveryKeyPanel';

/** Self-registration (COFFER_REGISTRATION=open): email and password, then the recovery key once. */
export function RegisterRoute({ onFinished }: { onFinished: () => void }) {
  const toasts = useToasts();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<{ recoveryKey: string; user: UserDto }>();

  const submit = async (): Promise<void> => {
    if (password.length < minPasswordLength) return setError(`The password needs at least ${minPasswordLength} characters.`);
    if (password !== confirm) return setError('The two passwords differ.');
    setBusy(true);
    setError(undefined);
    try {
      setCreated(await client.register({ email, password }));
      toasts.success('Your account was created.');
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="auth-page">
      <section className="auth-card" aria-labelledby="register-title">
        <h1 id="register-title">{created ? 'Your recovery key' : 'Create an account'}</h1>
        {created ? (
          <RecoveryKeyPanel recoveryKey={created.recoveryKey} email={created.user.email} continueLabel="Continue to sign in" onContinue={onFinished} />
        ) : (
          <form
            className="stack"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void submit();
            }}
          >
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
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Creating…' : 'Create my account'}
            </button>
            <p className="muted">
              Already have an account? <a href="/sign-in">Sign in</a>
            </p>
          </form>
        )}
      </section>
    </main>
  );
}
