import { useState } from 'react';
import { client } from '../../app/client';
import { useSession } from '../../app/session';
import { useToasts } from '../../components/toasts';
import { useReauth } from '../security/reauth';

/** Asks for a new sign-in address; it takes effect only once the link mailed to that address is opened. */
export function ChangeEmailSection() {
  const { user } = useSession();
  const toasts = useToasts();
  const reauth = useReauth();
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <section aria-labelledby="email-title">
      <h2 id="email-title">Change sign-in address</h2>
      <form
        className="stack narrow"
        onSubmit={(event) => {
          event.preventDefault();
          setBusy(true);
          const requested = email.trim();
          reauth(() => client.requestEmailChange(requested))
            .then(
              () => {
                toasts.success(`A confirmation link went to ${requested}. Your sign-in address changes only once that link is opened.`);
                setEmail('');
              },
              (err: unknown) => toasts.error(err),
            )
            .finally(() => setBusy(false));
        }}
      >
        <p className="muted">You sign in with {user.email} today. The new address must receive a confirmation link first.</p>
        <label>
          New address
          <input type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          Send confirmation link
        </button>
      </form>
    </section>
  );
}
