import { useState } from 'react';
import type { UserDto } from '@coffer/sdk';
import { client } from '../app/client';
import { useToasts } from '../components/toasts';
import { AuthCard, AuthForm } from '../features/auth/AuthCard';
import { NewPasswordFields } from '../features/auth/NewPasswordFields';
import { RecoveryKeyPanel } from '../features/auth/RecoveryKeyPanel';
import { useNewPasswordForm } from '../features/auth/use-new-password-form';
import { FormError } from '../components/FormError';

/** First run: the server printed /setup#token=…; the token stays in the fragment, never sent in a URL. */
export function SetupRoute({ onSignedIn }: { onSignedIn: (user: UserDto) => void }) {
  const toasts = useToasts();
  const [token] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '');
  const [email, setEmail] = useState('');
  const form = useNewPasswordForm();
  const [created, setCreated] = useState<{ recoveryKey: string; user: UserDto }>();

  const submit = () =>
    form.submit(async (password) => {
      const account = await client.setup({ token, email, password });
      window.history.replaceState(null, '', '/setup');
      // A brand-new admin has no second factor yet, so the password alone signs in here.
      const signedIn = await client.signIn({ email, password, kind: 'browser', label: 'Web browser' });
      setCreated({ recoveryKey: account.recoveryKey, user: 'user' in signedIn ? signedIn.user : account.user });
      toasts.success('Administrator account created.');
    });

  return (
    <AuthCard title={created ? 'Your recovery key' : 'Set up Coffer'}>
      {created ? (
        <RecoveryKeyPanel recoveryKey={created.recoveryKey} email={created.user.email} onContinue={() => onSignedIn(created.user)} />
      ) : (
        <AuthForm onSubmit={() => void submit()} error={form.error} busy={form.busy} disabled={!token} submitLabel="Create administrator" busyLabel="Creating…">
          <p>Create the administrator account of this server.</p>
          {!token && <FormError>This page needs the setup link the server printed when it started (it ends in #token=…).</FormError>}
          <label>
            Email
            <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <NewPasswordFields {...form.fields} />
        </AuthForm>
      )}
    </AuthCard>
  );
}
