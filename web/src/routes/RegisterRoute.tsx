import { useState } from 'react';
import type { UserDto } from '@coffer/sdk';
import { client } from '../app/client';
import { useToasts } from '../components/toasts';
import { AuthCard, AuthForm } from '../features/auth/AuthCard';
import { NewPasswordFields } from '../features/auth/NewPasswordFields';
import { RecoveryKeyPanel } from '../features/auth/RecoveryKeyPanel';
import { useNewPasswordForm } from '../features/auth/use-new-password-form';

/** Self-registration (COFFER_REGISTRATION=open): email and password, then the recovery key once. */
export function RegisterRoute({ onFinished }: { onFinished: () => void }) {
  const toasts = useToasts();
  const [email, setEmail] = useState('');
  const form = useNewPasswordForm();
  const [created, setCreated] = useState<{ recoveryKey: string; user: UserDto }>();

  const submit = () =>
    form.submit(async (password) => {
      setCreated(await client.register({ email, password }));
      toasts.success('Your account was created.');
    });

  return (
    <AuthCard title={created ? 'Your recovery key' : 'Create an account'}>
      {created ? (
        <RecoveryKeyPanel recoveryKey={created.recoveryKey} email={created.user.email} continueLabel="Continue to sign in" onContinue={onFinished} />
      ) : (
        <AuthForm
          onSubmit={() => void submit()}
          error={form.error}
          busy={form.busy}
          submitLabel="Create my account"
          busyLabel="Creating…"
          footer={
            <p className="muted">
              Already have an account? <a href="/sign-in">Sign in</a>
            </p>
          }
        >
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
