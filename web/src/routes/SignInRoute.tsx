import { useState } from 'react';
import type { UserDto } from '@coffer/sdk';
import { describeError } from '../app/client';
import { useToasts } from '../components/toasts';
import { submitCredentials, type SignInStep } from '../features/auth/sign-in-steps';

export function SignInRoute({ onSignedIn }: { onSignedIn: (user: UserDto) => void }) {
  const [step, setStep] = useState<SignInStep>({ kind: 'credentials' });
  return (
    <main className="auth-page">
      <section className="auth-card" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to Coffer</h1>
        {step.kind === 'credentials' && (
          <CredentialsStep onDone={(outcome) => (outcome.kind === 'signed-in' ? onSignedIn(outcome.user) : setStep(outcome.step))} />
        )}
      </section>
    </main>
  );
}

function CredentialsStep({ onDone }: { onDone: (outcome: Awaited<ReturnType<typeof submitCredentials>>) => void }) {
  const toasts = useToasts();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        setError(undefined);
        submitCredentials(email, password).then(
          (outcome) => {
            toasts.success('Signed in.');
            onDone(outcome);
          },
          (err: unknown) => {
            setBusy(false);
            setError(describeError(err));
            toasts.error(err);
          },
        );
      }}
    >
      <label>
        Email
        <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        Password
        <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
