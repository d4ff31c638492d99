import { useState } from 'react';
import { CofferApiError, type UserDto } from '@coffer/sdk';
import { client, describeError } from '../app/client';
import { useToasts } from '../components/toasts';
import { forgetFragmentToken, takeFragmentToken } from '../features/auth/link-token';
import { minPasswordLength, NewPasswordFields } from '../features/auth/NewPasswordFields';
import { RecoveryKeyPanel } from '../features/auth/RecoveryKeyPanel';

/** The sentence for a failed acceptance: a dead link says so plainly and says what to do next. */
function explain(err: unknown): string {
  if (err instanceof CofferApiError && err.code === 'auth.invitation_invalid') {
    return 'This invitation link is invalid, has expired (links last 7 days) or was already used. Ask your administrator for a new invitation, or sign in if you already chose a password.';
  }
  if (err instanceof CofferApiError && err.code === 'user.email_taken') return 'An account with this address exists already. Sign in instead.';
  return describeError(err);
}

/** An invited person opens `/invite#token=…` from the mail, chooses a password and gets their recovery key once. */
export function InviteRoute({ onFinished }: { onFinished: () => void }) {
  const toasts = useToasts();
  const [token] = useState(takeFragmentToken);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<{ recoveryKey: string; user: UserDto }>();

  const submit = async (): Promise<void> => {
    if (password.length < minPasswordLength) {
      setError(`The password needs at least ${minPasswordLength} characters.`);
      return;
    }
    if (password !== confirm) {
      setError('The two passwords differ.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const account = await client.acceptInvitation({ token, password });
      forgetFragmentToken();
      setCreated(account);
      toasts.success('Your account was created.');
    } catch (err) {
      setError(explain(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="auth-page">
      <section className="auth-card" aria-labelledby="invite-title">
        <h1 id="invite-title">{created ? 'Your recovery key' : 'Join Coffer'}</h1>
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
            <p>You were invited to an encrypted Coffer drive. Choose the password of your new account.</p>
            {!token && (
              <p className="form-error" role="alert">
                This page needs the link from your invitation mail (it ends in #token=…). Open the link from the mail again, or ask your administrator for a new
                invitation.
              </p>
            )}
            <NewPasswordFields password={password} onPassword={setPassword} confirm={confirm} onConfirm={setConfirm} />
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <button type="submit" className="primary" disabled={busy || !token}>
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
