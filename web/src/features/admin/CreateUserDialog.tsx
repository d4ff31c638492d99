import { useState, type FormEvent } from 'react';
import { client, describeError } from '../../app/client';
import { Dialog } from '../../components/dialog';
import { gigabytesToBytes } from './quota';
import { RoleQuotaFields, type Role } from './RoleQuotaFields';
import { FormError } from '../../components/FormError';

/** Creates an account, then shows its recovery key once: the admin hands it to the person, the server keeps no copy. */
export function CreateUserDialog({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('user');
  const [quota, setQuota] = useState('0');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [recoveryKey, setRecoveryKey] = useState<string>();

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const quotaBytes = gigabytesToBytes(quota);
    if (quotaBytes === undefined) return setError('The quota must be a number of gigabytes (0 for unlimited).');
    setBusy(true);
    setError(undefined);
    client.createUser({ email, password, role, quotaBytes }).then(
      (created) => {
        setRecoveryKey(created.recoveryKey);
        onCreated();
      },
      (err: unknown) => {
        setError(describeError(err));
        setBusy(false);
      },
    );
  };

  if (recoveryKey)
    return (
      <Dialog title={`Account created for ${email}`} onClose={onClose}>
        <div className="dialog-body stack">
          <div className="warning" role="note">
            <strong>This recovery key is shown only once.</strong> Give it to the person privately. Without it (or their password) nobody can ever read their
            files, not even you.
          </div>
          <output className="recovery-key" data-testid="new-user-recovery-key">
            {recoveryKey}
          </output>
        </div>
        <footer className="dialog-actions">
          <button
            type="button"
            onClick={() => void navigator.clipboard.writeText(recoveryKey).catch(() => setError('Could not copy. Select the key and copy it by hand.'))}
          >
            Copy
          </button>
          <button type="button" className="primary" onClick={onClose}>
            Done
          </button>
        </footer>
      </Dialog>
    );

  return (
    <Dialog title="Create a user" onClose={onClose}>
      <form className="dialog-body stack" onSubmit={submit}>
        <label>
          Email
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
        </label>
        <label>
          Initial password (at least 10 characters)
          <input type="password" required minLength={10} value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
        </label>
        <RoleQuotaFields roles={['user', 'admin', 'auditor']} role={role} onRole={setRole} quota={quota} onQuota={setQuota} />
        {error && <FormError>{error}</FormError>}
        <footer className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Create user
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
