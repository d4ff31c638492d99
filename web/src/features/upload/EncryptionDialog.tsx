import { useState } from 'react';
import { Dialog } from '../../components/dialog';
import { formatBytes } from '../../components/format';
import type { PickedFile } from './collect-files';

/**
 * The encryption choice for one upload: the account key (default), or a custom passphrase typed twice,
 * with the warning that nobody can open the file without it.
 */
export function EncryptionDialog({
  files,
  onUpload,
  onClose,
}: {
  files: PickedFile[];
  onUpload: (passphrase: string | undefined) => void;
  onClose: () => void;
}) {
  const [mode, setMode] = useState<'account' | 'passphrase'>('account');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [understood, setUnderstood] = useState(false);
  const total = files.reduce((sum, picked) => sum + picked.file.size, 0);
  const mismatch = mode === 'passphrase' && repeat !== '' && passphrase !== repeat;
  const ready = mode === 'account' || (passphrase.length > 0 && passphrase === repeat && understood);
  return (
    <Dialog title={`Upload ${files.length === 1 ? (files[0]?.file.name ?? '1 file') : `${files.length} items`}`} onClose={onClose}>
      <form
        className="dialog-body stack"
        onSubmit={(event) => {
          event.preventDefault();
          if (ready) onUpload(mode === 'passphrase' ? passphrase : undefined);
        }}
      >
        <p>{formatBytes(total)} in total.</p>
        <fieldset className="stack">
          <legend>Encryption</legend>
          <label className="checkbox">
            <input type="radio" name="encryption" checked={mode === 'account'} onChange={() => setMode('account')} />
            My account key (recommended)
          </label>
          <label className="checkbox">
            <input type="radio" name="encryption" checked={mode === 'passphrase'} onChange={() => setMode('passphrase')} />A custom passphrase
          </label>
        </fieldset>
        {mode === 'passphrase' && (
          <>
            <label>
              Passphrase
              <input type="password" autoComplete="new-password" required value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
            </label>
            <label>
              Repeat the passphrase
              <input type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} />
            </label>
            {mismatch && (
              <p className="form-error" role="alert">
                The two passphrases differ.
              </p>
            )}
            <div className="warning" role="note">
              Nobody can open these files without this passphrase: not you with your password, not your recovery key, not an administrator. A lost passphrase
              means lost files.
            </div>
            <label className="checkbox">
              <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />I understand that a lost passphrase cannot be
              recovered
            </label>
          </>
        )}
        <footer className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!ready}>
            Upload
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
