import { useEffect, useState } from 'react';
import { FormError } from '../components/FormError';
import type { UserDto } from '@coffer/sdk';
import { client, describeError } from '../app/client';
import { useToasts } from '../components/toasts';
import { AuthCard } from '../features/auth/AuthCard';
import { browserSupportsWebAuthn } from '../features/security/webauthn';
import {
  confirmWithPasskey,
  resendEmailCode,
  signInWithPasskey,
  submitCredentials,
  submitSecondFactor,
  type CodeMethod,
  type SignInStep,
  type StepOutcome,
} from '../features/auth/sign-in-steps';

export function SignInRoute({ onSignedIn }: { onSignedIn: (user: UserDto) => void }) {
  const [step, setStep] = useState<SignInStep>({ kind: 'credentials' });
  const [registrationOpen, setRegistrationOpen] = useState(false);
  useEffect(() => {
    client.setupStatus().then(
      (status) => setRegistrationOpen(status.registrationOpen),
      () => undefined,
    );
  }, []);
  return (
    <AuthCard title="Sign in to Coffer">
      {step.kind === 'credentials' && (
        <>
          <CredentialsStep onDone={(outcome) => (outcome.kind === 'signed-in' ? onSignedIn(outcome.user) : setStep(outcome.step))} />
          <p className="muted">
            <a href="/recover">Forgot your password?</a>
            {registrationOpen && (
              <>
                {' · '}
                <a href="/register">Create an account</a>
              </>
            )}
          </p>
        </>
      )}
      {step.kind === 'second-factor' && (
        <SecondFactorStep
          challenge={step.challenge}
          methods={step.methods}
          onDone={(outcome) => (outcome.kind === 'signed-in' ? onSignedIn(outcome.user) : setStep(outcome.step))}
        />
      )}
    </AuthCard>
  );
}

function CredentialsStep({ onDone }: { onDone: (outcome: StepOutcome) => void }) {
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
            if (outcome.kind === 'signed-in') toasts.success('Signed in.');
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
      {error && <FormError>{error}</FormError>}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      {browserSupportsWebAuthn() && (
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            setError(undefined);
            signInWithPasskey().then(
              (outcome) => {
                toasts.success('Signed in.');
                onDone(outcome);
              },
              (err: unknown) => {
                setBusy(false);
                setError(describeError(err));
              },
            );
          }}
        >
          Continue with a passkey
        </button>
      )}
    </form>
  );
}

const methodLabels: Record<CodeMethod, string> = {
  email: 'Code sent by email',
  totp: 'Code from your authenticator app',
  recovery: 'Recovery code',
  passkey: 'Passkey',
};

function SecondFactorStep({ challenge, methods, onDone }: { challenge: string; methods: readonly CodeMethod[]; onDone: (outcome: StepOutcome) => void }) {
  const toasts = useToasts();
  const [method, setMethod] = useState<CodeMethod>(methods[0] ?? 'recovery');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const offered: readonly CodeMethod[] = methods.includes('recovery') ? methods : [...methods, 'recovery'];
  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        setError(undefined);
        (method === 'passkey' ? confirmWithPasskey(challenge) : submitSecondFactor(challenge, method, code)).then(
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
      {method !== 'passkey' && (
        <p>{method === 'email' ? 'We sent a 6-digit code to your email address. It is valid for 10 minutes.' : 'Enter the code to finish signing in.'}</p>
      )}
      {offered.length > 1 && (
        <label>
          Second factor
          <select name="method" value={method} onChange={(e) => setMethod(e.target.value as CodeMethod)}>
            {offered.map((m) => (
              <option key={m} value={m}>
                {methodLabels[m]}
              </option>
            ))}
          </select>
        </label>
      )}
      {method === 'passkey' ? (
        <p>Use your passkey (security key, phone or this device) to finish signing in.</p>
      ) : (
        <label>
          {methodLabels[method]}
          <input
            name="code"
            autoComplete="one-time-code"
            inputMode={method === 'recovery' ? 'text' : 'numeric'}
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        </label>
      )}
      {error && <FormError>{error}</FormError>}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Checking…' : method === 'passkey' ? 'Use a passkey' : 'Continue'}
      </button>
      {method === 'email' && (
        <button
          type="button"
          onClick={() =>
            resendEmailCode(challenge).then(
              () => toasts.success('A new code is on its way.'),
              (err: unknown) => toasts.error(err),
            )
          }
        >
          Send a new code
        </button>
      )}
    </form>
  );
}
