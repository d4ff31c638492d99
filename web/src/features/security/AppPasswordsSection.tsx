import { useState } from 'react';
import { client } from '../../app/client';
import { useToasts } from '../../components/toasts';
import { useReauth } from './reauth';
import { ShownOnce } from './ShownOnce';

type Scope = 'api' | 'dav' | 'read-only';

const scopeNames: Record<Scope, string> = { dav: 'WebDAV only (sync and file managers)', api: 'REST API', 'read-only': 'Read-only REST API' };

/** A new app password for one program; the password is shown once. */
export function AppPasswordsSection({ onCreated }: { onCreated: () => void }) {
  const toasts = useToasts();
  const guard = useReauth();
  const [label, setLabel] = useState('');
  const [scope, setScope] = useState<Scope>('dav');
  const [busy, setBusy] = useState(false);
  const [token, setToken] = useState<string>();
  return (
    <section aria-labelledby="app-passwords-title">
      <h2 id="app-passwords-title">New app password</h2>
      {token ? (
        <ShownOnce what="App password" lines={[token]} fileName="coffer-app-password.txt" testId="app-password" onDone={() => setToken(undefined)} />
      ) : (
        <form
          className="stack narrow"
          onSubmit={(event) => {
            event.preventDefault();
            setBusy(true);
            guard(() => client.createAppPassword({ label: label.trim(), scope }))
              .then(
                (created) => {
                  setToken(created.token);
                  setLabel('');
                  toasts.success('App password created.');
                  onCreated();
                },
                (err: unknown) => toasts.error(err),
              )
              .finally(() => setBusy(false));
          }}
        >
          <label>
            Name (which program uses it)
            <input required maxLength={200} value={label} onChange={(e) => setLabel(e.target.value)} />
          </label>
          <label>
            Access
            <select value={scope} onChange={(e) => setScope(e.target.value as Scope)}>
              {(Object.keys(scopeNames) as Scope[]).map((key) => (
                <option key={key} value={key}>
                  {scopeNames[key]}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary" disabled={busy}>
            Create app password
          </button>
        </form>
      )}
    </section>
  );
}
