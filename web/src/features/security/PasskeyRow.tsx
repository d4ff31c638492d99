import { useState } from 'react';

export interface Passkey {
  readonly id: string;
  readonly label: string;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  readonly passwordless: boolean;
}

const when = (ms: number | null): string => (ms === null ? 'never' : new Date(ms).toLocaleString());

/** One passkey: its dates, rename in place, passwordless on/off, remove. */
export function PasskeyRow(props: {
  passkey: Passkey;
  busy: boolean;
  onRename: (label: string) => void;
  onRemove: () => void;
  onPasswordless: (on: boolean) => void;
}) {
  const { passkey, busy } = props;
  const [editing, setEditing] = useState(false);
  const [label, setLabel] = useState(passkey.label);
  return (
    <li className="row" data-testid="passkey">
      {editing ? (
        <form
          className="row"
          onSubmit={(event) => {
            event.preventDefault();
            setEditing(false);
            props.onRename(label.trim());
          }}
        >
          <label>
            New name
            <input required maxLength={200} value={label} onChange={(e) => setLabel(e.target.value)} autoFocus />
          </label>
          <button type="submit" disabled={busy}>
            Save
          </button>
        </form>
      ) : (
        <span>
          <strong>{passkey.label}</strong> · added {when(passkey.createdAt)} · last used {when(passkey.lastUsedAt)}
          {passkey.passwordless ? ' · signs in without a password' : ''}
        </span>
      )}
      {!editing && (
        <button type="button" disabled={busy} aria-label={`Rename ${passkey.label}`} onClick={() => setEditing(true)}>
          Rename
        </button>
      )}
      <button
        type="button"
        disabled={busy}
        aria-label={`${passkey.passwordless ? 'Stop' : 'Allow'} sign-in without a password with ${passkey.label}`}
        onClick={() => props.onPasswordless(!passkey.passwordless)}
      >
        {passkey.passwordless ? 'Require the password again' : 'Sign in without a password'}
      </button>
      <button type="button" className="danger" disabled={busy} aria-label={`Remove ${passkey.label}`} onClick={props.onRemove}>
        Remove
      </button>
    </li>
  );
}
