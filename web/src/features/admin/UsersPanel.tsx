import { useCallback, useEffect, useState } from 'react';
import type { UserDto } from '@coffer/sdk';
import { client } from '../../app/client';
import { useSession } from '../../app/session';
import { ConfirmDialog } from '../../components/dialog';
import { formatBytes } from '../../components/format';
import { useToasts } from '../../components/toasts';
import { CreateUserDialog } from './CreateUserDialog';
import { EditUserDialog } from './EditUserDialog';
import { InviteForm } from './InviteForm';
import { ResetPasswordDialog } from './ResetPasswordDialog';

type Open = { kind: 'create' } | { kind: 'edit' | 'delete' | 'reset-password' | 'reset-factors'; user: UserDto } | undefined;

/** Accounts: email, role, status, quota and use (never file names), with the admin's actions on each. */
export function UsersPanel() {
  const toasts = useToasts();
  const me = useSession().user;
  const [users, setUsers] = useState<UserDto[]>();
  const [open, setOpen] = useState<Open>();
  const close = (): void => setOpen(undefined);
  const load = useCallback(() => {
    client.listUsers().then(
      (result) => setUsers(result.users),
      (err: unknown) => toasts.error(err),
    );
  }, [toasts]);
  useEffect(load, [load]);
  const act = (promise: Promise<unknown>, message: string): void => {
    promise.then(
      () => {
        toasts.success(message);
        load();
      },
      (err: unknown) => toasts.error(err),
    );
  };

  return (
    <section className="stack" aria-labelledby="users-title">
      <div className="toolbar">
        <h2 id="users-title">Users</h2>
        <span className="spacer" />
        <button type="button" className="primary" onClick={() => setOpen({ kind: 'create' })}>
          Create user
        </button>
      </div>
      <InviteForm />
      {!users && <p className="loading">Loading…</p>}
      {users && (
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Quota</th>
              <th scope="col">Used</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id} data-testid="user-row" data-email={user.email}>
                <td>{user.email}</td>
                <td data-testid="user-role">{user.role}</td>
                <td>{user.status}</td>
                <td data-testid="user-quota">{user.quotaBytes > 0 ? formatBytes(user.quotaBytes) : 'Unlimited'}</td>
                <td>{formatBytes(user.usedBytes)}</td>
                <td className="row">
                  <button type="button" onClick={() => setOpen({ kind: 'edit', user })} aria-label={`Edit ${user.email}`}>
                    Edit
                  </button>
                  {user.id !== me.id && (
                    <>
                      <button
                        type="button"
                        onClick={() =>
                          act(
                            client.updateUser(user.id, { status: user.status === 'active' ? 'disabled' : 'active' }),
                            `${user.status === 'active' ? 'Disabled' : 'Enabled'} ${user.email}.`,
                          )
                        }
                      >
                        {user.status === 'active' ? 'Disable' : 'Enable'}
                      </button>
                      <button type="button" onClick={() => setOpen({ kind: 'reset-factors', user })}>
                        Reset second factors
                      </button>
                      <button type="button" onClick={() => setOpen({ kind: 'reset-password', user })}>
                        Reset password
                      </button>
                      <button type="button" className="danger" onClick={() => setOpen({ kind: 'delete', user })}>
                        Delete
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open?.kind === 'create' && <CreateUserDialog onClose={close} onCreated={load} />}
      {open?.kind === 'edit' && (
        <EditUserDialog
          user={open.user}
          onClose={close}
          onSaved={(user) => {
            close();
            toasts.success(`Saved ${user.email}.`);
            load();
          }}
        />
      )}
      {open?.kind === 'reset-password' && <ResetPasswordDialog user={open.user} onClose={close} onDone={load} />}
      {open?.kind === 'reset-factors' && (
        <ConfirmDialog
          title="Reset second factors?"
          message={
            <p>All second factors and recovery codes of {open.user.email} are removed. They sign in with their password alone until they set new ones up.</p>
          }
          confirmLabel="Reset second factors"
          danger
          onClose={close}
          onConfirm={() => {
            close();
            act(client.resetUserFactors(open.user.id), `Second factors of ${open.user.email} removed.`);
          }}
        />
      )}
      {open?.kind === 'delete' && (
        <ConfirmDialog
          title={`Delete ${open.user.email}?`}
          message={<p>The account and all its files are deleted for good. This cannot be undone.</p>}
          confirmLabel="Delete account"
          danger
          onClose={close}
          onConfirm={() => {
            close();
            act(client.deleteUser(open.user.id), `Deleted ${open.user.email}.`);
          }}
        />
      )}
    </section>
  );
}
