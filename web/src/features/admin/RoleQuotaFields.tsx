import type { UserDto } from '@coffer/sdk';

export type Role = UserDto['role'];

const roleLabels: Record<Role, string> = { user: 'User', admin: 'Administrator', auditor: 'Auditor', guest: 'Guest' };

/** The role and quota fields of the create-user and edit-user dialogs. */
export function RoleQuotaFields(props: {
  roles: readonly Role[];
  role: Role;
  onRole: (role: Role) => void;
  quota: string;
  onQuota: (gigabytes: string) => void;
}) {
  return (
    <>
      <label>
        Role
        <select value={props.role} onChange={(e) => props.onRole(e.target.value as Role)}>
          {props.roles.map((role) => (
            <option key={role} value={role}>
              {roleLabels[role]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Quota in GB (0 for unlimited)
        <input type="number" min={0} step="any" value={props.quota} onChange={(e) => props.onQuota(e.target.value)} />
      </label>
    </>
  );
}
