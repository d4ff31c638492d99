import { useState, type FormEvent } from 'react';
import type { UserDto } from '@coffer/sdk';
import { client, describeError } from '../../app/client';
import { Dialog } from '../../components/dialog';
import { FormError } from '../../components/FormError';

/**
 * A password reset without the recovery key. The server cannot decrypt anyone's files, so this gives the person a
 * fresh, empty account: the dialog says so plainly and needs an explicit acknowledgement (the API's confirmDataLoss).
 */
export function ResetPasswordDialog({ user, onClose, onDone }: { user: UserDto; onClose: () => void; onDone: () => void }) {
  const [password, setPassword] = useState('');
  const [understood, setUnderstood] = useState(false);
  const [error, setError] = useState<string>();
  const [recoveryKey, setRecoveryKey] = useState<string>();
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    client.resetUserPassword(user.id, { newPassword: password, confirmDataLoss: understood }).then(
      (result) => {
        setRecoveryKey(result.recoveryKey);
        onDone();
      },
      (err: unknown) => setError(describeError(err)),
    );
  };
  if (recoveryKey)
    return (
      <Dialog title="Password reset" onClose={onClose}>
        <div className="dialog-body stack">
          <div className="warning" role="note">
            <strong>The new recovery key is shown only once.</strong> Give it to {user.email} privately together with the new password.
          </div>
          <output className="recovery-key">{recoveryKey}</output>
        </div>
        <footer className="dialog-actions">
          <button type="button" className="primary" onClick={onClose}>
            Done
          </button>
        </footer>
      </Dialog>
    );
  return (
    <Dialog title={`Reset the password of ${user.email}?`} onClose={onClose}>
      <form className="dialog-body stack" onSubmit={submit}>
        <div className="warning" role="note">
          <strong>All files of this account become unreadable and are removed.</strong> Files are encrypted with keys only the person's password or recovery key
          can open; without them nobody, not even an administrator, can decrypt them. If the person still has their recovery key, they should use it on the
          sign-in page instead: that keeps every file.
        </div>
        <label>
          New password (at least 10 characters)
          <input type="password" required minLength={10} value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
        </label>
        <label className="row">
          <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />I understand that the existing files of {user.email}{' '}
          are lost for good.
        </label>
        {error && <FormError>{error}</FormError>}
        <footer className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="danger" disabled={!understood}>
            Reset password and remove files
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
