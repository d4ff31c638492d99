import { useState } from 'react';
import { useToasts } from '../../components/toasts';

/** The recovery key, shown once: copy, download, and an acknowledgement before moving on. */
export function RecoveryKeyPanel({
  recoveryKey,
  email,
  onContinue,
  continueLabel = 'Continue to my drive',
}: {
  recoveryKey: string;
  email: string;
  onContinue: () => void;
  continueLabel?: string;
}) {
  const toasts = useToasts();
  const [saved, setSaved] = useState(false);
  const download = (): void => {
    const text = `Coffer recovery key for ${email}\n\n${recoveryKey}\n\nKeep it offline and private. With it (and only with it) a forgotten password loses nothing.\n`;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = 'coffer-recovery-key.txt';
    anchor.click();
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
    toasts.success('Recovery key downloaded.');
  };
  return (
    <div className="stack">
      <div className="warning" role="note">
        <strong>Save this recovery key now. It is shown only once.</strong> Your files are encrypted with keys only your password or this recovery key can open.
        If you lose both, nobody, not even the server's administrator, can recover your files.
      </div>
      <output className="recovery-key" data-testid="recovery-key">
        {recoveryKey}
      </output>
      <div className="row">
        <button
          type="button"
          onClick={() =>
            navigator.clipboard.writeText(recoveryKey).then(
              () => toasts.success('Recovery key copied.'),
              () => toasts.error('Could not copy. Select the key and copy it by hand.'),
            )
          }
        >
          Copy
        </button>
        <button type="button" onClick={download}>
          Download
        </button>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />I have stored my recovery key somewhere safe
      </label>
      <button type="button" className="primary" disabled={!saved} onClick={onContinue}>
        {continueLabel}
      </button>
    </div>
  );
}
