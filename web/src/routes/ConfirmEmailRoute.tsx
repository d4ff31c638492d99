import { useState } from 'react';
import { CofferApiError } from '@coffer/sdk';
import { client, describeError } from '../app/client';
import { AuthCard } from '../features/auth/AuthCard';
import { forgetFragmentToken, takeFragmentToken } from '../features/auth/link-token';
import { FormError } from '../components/FormError';

type State = { readonly kind: 'ready' } | { readonly kind: 'busy' } | { readonly kind: 'confirmed' } | { readonly kind: 'failed'; readonly message: string };

function explain(err: unknown): string {
  if (err instanceof CofferApiError && err.code === 'auth.invitation_invalid') {
    return 'This confirmation link is invalid, has expired (links last 24 hours) or was already used. Your sign-in address did not change. Ask for a new link in Settings.';
  }
  if (err instanceof CofferApiError && err.code === 'user.email_taken')
    return 'Another account uses this address now, so it cannot become yours. Your sign-in address did not change.';
  return describeError(err);
}

/**
 * `/confirm-email#token=…` from the mail sent to a new address. Confirming takes a click, never happens on load:
 * mail scanners open links by themselves, and a scanner must not change someone's sign-in address.
 */
export function ConfirmEmailRoute({ signedIn, onConfirmed }: { signedIn: boolean; onConfirmed: () => void }) {
  const [token] = useState(takeFragmentToken);
  const [state, setState] = useState<State>(
    token
      ? { kind: 'ready' }
      : { kind: 'failed', message: 'This page needs the link from the confirmation mail (it ends in #token=…). Open the link from the mail again.' },
  );

  const confirm = (): void => {
    setState({ kind: 'busy' });
    client.confirmEmailChange(token).then(
      () => {
        forgetFragmentToken();
        setState({ kind: 'confirmed' });
        onConfirmed();
      },
      (err: unknown) => {
        if (err instanceof CofferApiError && err.code === 'auth.invitation_invalid') forgetFragmentToken();
        setState({ kind: 'failed', message: explain(err) });
      },
    );
  };

  return (
    <AuthCard className="stack" title={state.kind === 'confirmed' ? 'New address confirmed' : 'Confirm your new address'}>
      {(state.kind === 'ready' || state.kind === 'busy') && (
        <>
          <p>Confirm that this address should become the sign-in address of your Coffer account. Your old address is told about the change.</p>
          <button type="button" className="primary" disabled={state.kind === 'busy'} onClick={confirm}>
            {state.kind === 'busy' ? 'Confirming…' : 'Confirm my new address'}
          </button>
        </>
      )}
      {state.kind === 'confirmed' && (
        <p role="status" data-testid="confirm-email-done">
          Your sign-in address was changed. From now on, sign in with the new address.
        </p>
      )}
      {state.kind === 'failed' && <FormError>{state.message}</FormError>}
      <p>{signedIn ? <a href="/">Back to my drive</a> : <a href="/sign-in">Go to sign in</a>}</p>
    </AuthCard>
  );
}
