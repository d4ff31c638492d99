import { useEffect, useMemo, useState } from 'react';
import { client } from '../../app/client';
import { useToasts } from '../../components/toasts';

interface Enrolment {
  readonly secret: string;
  readonly uri: string;
  readonly qrSvg: string;
}

/**
 * Authenticator enrolment: the QR code (the server's SVG shown as an image from a blob URL, so its
 * markup never enters the page), the secret as text for manual entry, and the first code to confirm.
 */
export function TotpEnrolment({ onConfirmed, onCancel }: { onConfirmed: (recoveryCodes: readonly string[] | null) => void; onCancel: () => void }) {
  const toasts = useToasts();
  const [enrolment, setEnrolment] = useState<Enrolment>();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    client.startTotp().then(
      (started) => live && setEnrolment(started),
      (err: unknown) => {
        toasts.error(err);
        onCancel();
      },
    );
    return () => {
      live = false;
    };
  }, [toasts, onCancel]);
  const qrUrl = useMemo(() => (enrolment ? URL.createObjectURL(new Blob([enrolment.qrSvg], { type: 'image/svg+xml' })) : undefined), [enrolment]);
  useEffect(
    () => () => {
      if (qrUrl) URL.revokeObjectURL(qrUrl);
    },
    [qrUrl],
  );
  if (!enrolment) return <p>Preparing the authenticator code…</p>;
  return (
    <form
      className="stack narrow"
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        client
          .confirmTotp(code.replace(/\s+/g, ''))
          .then(
            (result) => {
              toasts.success('Authenticator app turned on.');
              onConfirmed(result.recoveryCodes);
            },
            (err: unknown) => toasts.error(err),
          )
          .finally(() => setBusy(false));
      }}
    >
      <p>Scan this code with your authenticator app, or enter the secret by hand.</p>
      {qrUrl && <img className="totp-qr" src={qrUrl} alt="QR code for your authenticator app" width={200} height={200} />}
      <p>
        Secret:{' '}
        <code className="secret" data-testid="totp-secret">
          {enrolment.secret}
        </code>
      </p>
      <details>
        <summary>Setup link (otpauth URI)</summary>
        <code className="secret" data-testid="totp-uri">
          {enrolment.uri}
        </code>
      </details>
      <label>
        Code from the app
        <input inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]{6,8}" required value={code} onChange={(e) => setCode(e.target.value)} />
      </label>
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          Confirm and turn on
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
