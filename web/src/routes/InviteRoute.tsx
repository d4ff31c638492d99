import { useState } from 'react';
import { CofferApiError, type UserDto } from '@coffer/sdk';
import { client, describeError } from '../app/client';
import { useToasts } from '../components/toasts';
import { AuthCard, AuthForm } from '../features/auth/AuthCard';
import { forgetFragmentToken, takeFragmentToken } from '../features/auth/link-token';
import { NewPasswordFields } from '../features/auth/NewPasswordFields';
import { RecoveryKeyPanel } from '../features/auth/RecoveryKeyPanel';
import { useNewPasswordForm } from '../features/auth/use-new-password-form';
import { FormError } from '../components/FormError';

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
  const form = useNewPasswordForm(explain);
  const [created, setCreated] = useState<{ recoveryKey: string; user: UserDto }>();

  const submit = () =>
    form.submit(async (password) => {
      const account = await client.acceptInvitation({ token, password });
      forgetFragmentToken();
      setCreated(account);
      toasts.success('Your account was created.');
    });

  return (
    <AuthCard title={created ? 'Your recovery key' : 'Join Coffer'}>
      {created ? (
        <RecoveryKeyPanel recoveryKey={created.recoveryKey} email={created.user.email} continueLabel="Continue to sign in" onContinue={onFinished} />
      ) : (
        <AuthForm
          onSubmit={() => void submit()}
          error={form.error}
          busy={form.busy}
          disabled={!token}
          submitLabel="Create my account"
          busyLabel="Creating…"
          footer={
            <p className="muted">
              Already have an account? <a href="/sign-in">Sign in</a>
            </p>
          }
        >
          <p>You were invited to an encrypted Coffer drive. Choose the password of your new account.</p>
          {!token && (
            <FormError>
              This page needs the link from your invitation mail (it ends in #token=…). Open the link from the mail again, or ask your administrator for a new
              invitation.
            </FormError>
          )}
          <NewPasswordFields {...form.fields} />
        </AuthForm>
      )}
    </AuthCard>
  );
}
