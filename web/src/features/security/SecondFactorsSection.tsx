import { useCallback, useEffect, useState } from 'react';
import { client } from '../../app/client';
import { useToasts } from '../../components/toasts';
import { useReauth } from './reauth';
import { ShownOnce } from './ShownOnce';
import { TotpEnrolment } from './TotpEnrolment';

interface Factors {
  readonly kinds: readonly ('email' | 'totp' | 'passkey')[];
  readonly recoveryCodesLeft: number;
}

const factorNames = { email: 'Email code', totp: 'Authenticator app', passkey: 'Passkey' } as const;

/** Second factors: email code, authenticator app (TOTP), recovery codes shown once. */
export function SecondFactorsSection() {
  const toasts = useToasts();
  const guard = useReauth();
  const [factors, setFactors] = useState<Factors>();
  const [enrolling, setEnrolling] = useState(false);
  const [codes, setCodes] = useState<readonly string[]>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    client.myFactors().then(setFactors, (err: unknown) => toasts.error(err));
  }, [toasts]);
  const act = (action: () => Promise<Factors>, done: string): void => {
    setBusy(true);
    action()
      .then(
        (next) => {
          setFactors(next);
          toasts.success(done);
        },
        (err: unknown) => toasts.error(err),
      )
      .finally(() => setBusy(false));
  };
  const stopEnrolling = useCallback(() => setEnrolling(false), []);
  const has = (kind: 'email' | 'totp'): boolean => factors?.kinds.includes(kind) ?? false;
  return (
    <section aria-labelledby="factors-title">
      <h2 id="factors-title">Two-step sign-in</h2>
      {!factors ? (
        <p>Loading…</p>
      ) : (
        <div className="stack">
          <p>
            {factors.kinds.length === 0 ? 'Only your password protects this account.' : `On: ${factors.kinds.map((kind) => factorNames[kind]).join(', ')}.`}
          </p>
          <ul className="plain-list">
            {(['email', 'totp'] as const).map((kind) => (
              <li key={kind} className="row">
                <span>
                  {factorNames[kind]}: {has(kind) ? 'on' : 'off'}
                </span>
                {has(kind) ? (
                  <button
                    type="button"
                    disabled={busy}
                    aria-label={`Turn off ${factorNames[kind]}`}
                    onClick={() => act(() => guard(() => client.removeFactor(kind)), `${factorNames[kind]} turned off.`)}
                  >
                    Turn off
                  </button>
                ) : kind === 'email' ? (
                  <button type="button" disabled={busy} onClick={() => act(() => client.enableEmailFactor(), 'Email codes turned on.')}>
                    Turn on email codes
                  </button>
                ) : (
                  !enrolling && (
                    <button type="button" disabled={busy} onClick={() => setEnrolling(true)}>
                      Set up an authenticator app
                    </button>
                  )
                )}
              </li>
            ))}
          </ul>
          {enrolling && (
            <TotpEnrolment
              onCancel={stopEnrolling}
              onConfirmed={(recoveryCodes) => {
                setEnrolling(false);
                if (recoveryCodes) setCodes(recoveryCodes);
                client.myFactors().then(setFactors, (err: unknown) => toasts.error(err));
              }}
            />
          )}
          {factors.kinds.length > 0 && <p>Recovery codes left: {factors.recoveryCodesLeft}</p>}
          {codes ? (
            <ShownOnce what="Recovery codes" lines={codes} fileName="coffer-recovery-codes.txt" testId="recovery-codes" onDone={() => setCodes(undefined)} />
          ) : (
            factors.kinds.length > 0 && (
              <button
                type="button"
                disabled={busy}
                onClick={() => {
                  setBusy(true);
                  guard(() => client.newRecoveryCodes())
                    .then(
                      (result) => {
                        setCodes(result.recoveryCodes);
                        setFactors({ ...factors, recoveryCodesLeft: result.recoveryCodes.length });
                        toasts.success('New recovery codes made; the old ones no longer work.');
                      },
                      (err: unknown) => toasts.error(err),
                    )
                    .finally(() => setBusy(false));
                }}
              >
                Make new recovery codes
              </button>
            )
          )}
        </div>
      )}
    </section>
  );
}
