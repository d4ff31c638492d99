import { useState } from 'react';
import { client } from '../app/client';
import { AuthCard, AuthForm } from '../features/auth/AuthCard';
import { NewPasswordFields } from '../features/auth/NewPasswordFields';
import { useNewPasswordForm } from '../features/auth/use-new-password-form';

/**
 * A forgotten password: the recovery key (shown once when the account was made) opens the master key again, so a new
 * password keeps every file readable. Without the key only an administrator can reset the account, and the old files
 * are then lost: the page says so.
 */
export function RecoverRoute() {
  const [email, setEmail] = useState('');
  const [recoveryKey, setRecoveryKey] = useState('');
  const form = useNewPasswordForm();
  const [done, setDone] = useState(false);

  const submit = () =>
    form.submit(async (password) => {
      await client.recover({ email, recoveryKey: recoveryKey.trim(), newPassword: password });
      setRecoveryKey('');
      setDone(true);
    });

  return (
    <AuthCard title={done ? 'Password changed' : 'Forgot your password?'}>
      {done ? (
        <div className="stack">
          <p role="status">Your new password is set, and every file stays readable. Your other signed-in devices were signed out.</p>
          <a className="button primary" href="/sign-in">
            Sign in
          </a>
        </div>
      ) : (
        <AuthForm
          onSubmit={() => void submit()}
          error={form.error}
          busy={form.busy}
          submitLabel="Set the new password"
          busyLabel="Setting…"
          footer={
            <>
              <p className="muted">No recovery key? An administrator can reset your account, but files stored so far cannot be opened again.</p>
              <p className="muted">
                <a href="/sign-in">Back to sign in</a>
              </p>
            </>
          }
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
          <NewPasswordFields {...form.fields} />
        </AuthForm>
      )}
    </AuthCard>
  );
}
