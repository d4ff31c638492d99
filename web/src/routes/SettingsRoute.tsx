import { useState } from 'react';
import { client } from '../app/client';
import { useSession } from '../app/session';
import { formatBytes } from '../components/format';
import { useToasts } from '../components/toasts';
import { ChangeEmailSection } from '../features/account/ChangeEmailSection';
import { DeleteAccountSection } from '../features/account/DeleteAccountSection';
import { ExportSection } from '../features/account/ExportSection';
import { AppPasswordsSection } from '../features/security/AppPasswordsSection';
import { PasskeysSection } from '../features/security/PasskeysSection';
import { ReauthProvider } from '../features/security/reauth';
import { SecondFactorsSection } from '../features/security/SecondFactorsSection';
import { SessionsSection } from '../features/security/SessionsSection';

export function SettingsRoute() {
  const { user } = useSession();
  const toasts = useToasts();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [sessionsVersion, setSessionsVersion] = useState(0);
  const [factorsVersion, setFactorsVersion] = useState(0);
  return (
    <ReauthProvider>
      <div className="settings">
        <h1>Settings</h1>
        <section aria-labelledby="account-title">
          <h2 id="account-title">Account</h2>
          <p>
            {user.email} · {user.role}
          </p>
          <p>
            Storage: {formatBytes(user.usedBytes)} used {user.quotaBytes > 0 ? `of ${formatBytes(user.quotaBytes)}` : '(no quota)'}
          </p>
        </section>
        <ChangeEmailSection />
        <section aria-labelledby="password-title">
          <h2 id="password-title">Change password</h2>
          <form
            className="stack narrow"
            onSubmit={(event) => {
              event.preventDefault();
              if (next !== repeat) {
                toasts.error('The two new passwords differ.');
                return;
              }
              setBusy(true);
              client
                .changePassword({ currentPassword: current, newPassword: next })
                .then(
                  () => {
                    toasts.success('Password changed.');
                    setCurrent('');
                    setNext('');
                    setRepeat('');
                  },
                  (err: unknown) => toasts.error(err),
                )
                .finally(() => setBusy(false));
            }}
          >
            <label>
              Current password
              <input type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
            </label>
            <label>
              New password
              <input type="password" autoComplete="new-password" minLength={10} required value={next} onChange={(e) => setNext(e.target.value)} />
            </label>
            <label>
              Repeat the new password
              <input type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} />
            </label>
            <button type="submit" className="primary" disabled={busy}>
              Change password
            </button>
          </form>
        </section>
        <SecondFactorsSection key={factorsVersion} />
        <PasskeysSection onChanged={() => setFactorsVersion((v) => v + 1)} />
        <SessionsSection reloadKey={sessionsVersion} />
        <AppPasswordsSection onCreated={() => setSessionsVersion((v) => v + 1)} />
        <ExportSection />
        <DeleteAccountSection />
      </div>
    </ReauthProvider>
  );
}
