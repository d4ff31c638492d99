import { useState } from 'react';
import { client } from '../../app/client';
import { useToasts } from '../../components/toasts';

/** Deleting the account is final: a clear warning, an explicit acknowledgement and the password again. */
export function DeleteAccountSection() {
  const toasts = useToasts();
  const [password, setPassword] = useState('');
  const [understood, setUnderstood] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <section aria-labelledby="delete-title">
      <h2 id="delete-title">Delete my account</h2>
      <form
        className="stack narrow"
        onSubmit={(event) => {
          event.preventDefault();
          setBusy(true);
          client.deleteAccount({ password }).then(
            () => {
              toasts.success('Your account and all its files were deleted.');
              // The session died with the account; a fresh load lands on the sign-in screen.
              window.setTimeout(() => window.location.assign('/'), 1500);
            },
            (err: unknown) => {
              setBusy(false);
              toasts.error(err);
            },
          );
        }}
      >
        <div className="warning" role="note">
          <strong>This cannot be undone.</strong> Every file, version, share and key of this account is deleted at once; nobody, not even the administrator, can
          bring them back. Export your data first if you want to keep it.
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />I understand my files will be gone for good
        </label>
        <label>
          Password (to confirm)
          <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <button type="submit" className="danger" disabled={busy || !understood}>
          Delete my account
        </button>
      </form>
    </section>
  );
}
