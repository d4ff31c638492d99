import { useState } from 'react';
import { client, describeError } from '../app/client';
import { minPasswordLength, NewPasswordFields } from '../features/auth/NewPasswordFields';

/**
 * A forgotten password: the recovery key (shown once when the account was made) opens the master key again, so a new
 * password keeps every file readable. Without the key only an administrator can reset the account, and the old files
 * are then lost: the page says so.
 */
export function RecoverRoute() {
  const [email, setEmail] = useState('');
  const [recoveryKey, setRecoveryKey] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState(false);

  const submit = async (): Promise<void> => {
    if (password.length < minPasswordLength) return setError(`The password needs at least ${minPasswordLength} characters.`);
    if (password !== confirm) return setError('The two passwords differ.');
    setBusy(true);
    setError(undefined);
    try {
      await client.recover({ email, recoveryKey: recoveryKey.trim(), newPassword: password });
      setRecoveryKey('');
      setDone(true);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="auth-page">
      <section className="auth-card" aria-labelledby="recover-title">
        <h1 id="recover-title">{done ? 'Password changed' : 'Forgot your password?'}</h1>
        {done ? (
          <div className="stack">
            <p role="status">Your new password is set, and every file stays readable. Your other signed-in devices were signed out.</p>
            <a className="button primary" href="/sign-in">
              Sign in
            </a>
          </div>
        ) : (
          <form
            className="stack"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void submit();
            }}
          >
            <p>Enter the recovery key you saved when your account was created. It sets a new password and keeps all your files.</p>
            <label>
              Email
              <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
            </label>
            <label>
              Recovery key
              <input type="text" autoComplete="off" spellCheck={false} required value={recoveryKey} onChange={(e) => setRecoveryKey(e.target.value)} />
            </label>
            <NewPasswordFields password={password} onPassword={setPassword} confirm={confirm} onConfirm={setConfirm} />
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Setting…' : 'Set the new password'}
            </button>
            <p className="muted">No recovery key? An administrator can reset your account, but files stored so far cannot be opened again.</p>
            <p className="muted">
              <a href="/sign-in">Back to sign in</a>
            </p>
          </form>
        )}
      </section>
    </main>
  );
}
