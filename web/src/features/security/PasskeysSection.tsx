import { useCallback, useEffect, useState } from 'react';
import { client } from '../../app/client';
import { useSession } from '../../app/session';
import { useToasts } from '../../components/toasts';
import { PasskeyRow, type Passkey } from './PasskeyRow';
import { useReauth } from './reauth';
import { assertWithPrf, browserSupportsWebAuthn, createPasskey } from './webauthn';

const noPrf = 'This passkey cannot derive a secret (no PRF support), so it can confirm sign-ins but not replace your password.';

/** Passkeys: add one (optionally for sign-in without a password), list, rename, remove. */
export function PasskeysSection({ onChanged }: { onChanged: () => void }) {
  const toasts = useToasts();
  const guard = useReauth();
  const { user } = useSession();
  const [passkeys, setPasskeys] = useState<readonly Passkey[]>();
  const [label, setLabel] = useState('');
  const [passwordless, setPasswordless] = useState(true);
  const [busy, setBusy] = useState(false);
  const reload = useCallback(() => {
    client.listPasskeys().then(
      (result) => setPasskeys(result.passkeys),
      (err: unknown) => toasts.error(err),
    );
  }, [toasts]);
  useEffect(reload, [reload]);
  const act = (action: () => Promise<unknown>, done: string): void => {
    setBusy(true);
    action()
      .then(
        () => {
          toasts.success(done);
          reload();
          onChanged();
        },
        (err: unknown) => toasts.error(err),
      )
      .finally(() => setBusy(false));
  };
  /** Evaluates PRF with user verification and hands the derived key to the server, which wraps the master key under it. */
  const enablePasswordless = async (id: string): Promise<string> => {
    const derived = await assertWithPrf(await guard(() => client.passwordlessEnableOptions(id)), user.id);
    if (!derived) throw new Error(noPrf);
    await client.enablePasswordless(id, { response: derived.assertion, key: derived.key });
    return 'This passkey now signs you in without a password.';
  };
  if (!browserSupportsWebAuthn()) {
    return (
      <section aria-labelledby="passkeys-title">
        <h2 id="passkeys-title">Passkeys</h2>
        <p>This browser does not support passkeys.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="passkeys-title">
      <h2 id="passkeys-title">Passkeys</h2>
      {!passkeys ? (
        <p>Loading…</p>
      ) : passkeys.length === 0 ? (
        <p>No passkeys yet.</p>
      ) : (
        <ul className="plain-list" aria-label="Your passkeys">
          {passkeys.map((key) => (
            <PasskeyRow
              key={key.id}
              passkey={key}
              busy={busy}
              onRename={(name) => act(() => client.renamePasskey(key.id, name), 'Passkey renamed.')}
              onRemove={() => act(() => guard(() => client.removePasskey(key.id)), 'Passkey removed.')}
              onPasswordless={(on) =>
                on
                  ? act(() => enablePasswordless(key.id), 'Sign-in without a password turned on.')
                  : act(() => guard(() => client.disablePasswordless(key.id)), 'Sign-in without a password turned off for this passkey.')
              }
            />
          ))}
        </ul>
      )}
      <form
        className="stack narrow"
        onSubmit={(event) => {
          event.preventDefault();
          act(async () => {
            const created = await createPasskey(await guard(() => client.passkeyRegistrationOptions()));
            const { id } = await client.registerPasskey({ label: label.trim(), response: created.response });
            setLabel('');
            if (!passwordless) return;
            if (!created.prf) {
              toasts.error(noPrf);
              return;
            }
            await enablePasswordless(id);
          }, 'Passkey added.');
        }}
      >
        <label>
          Passkey name
          <input required maxLength={200} value={label} onChange={(e) => setLabel(e.target.value)} placeholder="e.g. Laptop fingerprint" />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={passwordless} onChange={(e) => setPasswordless(e.target.checked)} />
          Also sign in with it without a password (needs a passkey with PRF and a PIN or biometric check)
        </label>
        <button type="submit" className="primary" disabled={busy}>
          Add a passkey
        </button>
      </form>
    </section>
  );
}
