import { useState, type FormEvent } from 'react';
import type { UserDto } from '@coffer/sdk';
import { client, describeError } from '../../app/client';
import { Dialog } from '../../components/dialog';
import { bytesToGigabytes, gigabytesToBytes } from './quota';
import { RoleQuotaFields } from './RoleQuotaFields';
import { FormError } from '../../components/FormError';

/** Changes an account's role and quota. */
export function EditUserDialog({ user, onClose, onSaved }: { user: UserDto; onClose: () => void; onSaved: (user: UserDto) => void }) {
  const [role, setRole] = useState(user.role);
  const [quota, setQuota] = useState(bytesToGigabytes(user.quotaBytes));
  const [error, setError] = useState<string>();
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const quotaBytes = gigabytesToBytes(quota);
    if (quotaBytes === undefined) return setError('The quota must be a number of gigabytes (0 for unlimited).');
    client.updateUser(user.id, { role, quotaBytes }).then(onSaved, (err: unknown) => setError(describeError(err)));
  };
  return (
    <Dialog title={`Edit ${user.email}`} onClose={onClose}>
      <form className="dialog-body stack" onSubmit={submit}>
        <RoleQuotaFields roles={['user', 'admin', 'auditor', 'guest']} role={role} onRole={setRole} quota={quota} onQuota={setQuota} />
        {error && <FormError>{error}</FormError>}
        <footer className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Save
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
