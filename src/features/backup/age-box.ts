import { BackupError } from './backup-error.js';

/**
 * age (https://age-encryption.org/v1) through typage, the reference TypeScript implementation: what Coffer
 * writes decrypts with `age -d -i key.txt`, and the reverse. Only X25519 recipients (`age1…`) are accepted.
 */
/** Loaded on first use: only backups need it, and a server holds it in memory for good once loaded. */
const loadAge = () => import('age-encryption');

const recipientPattern = /^age1[02-9ac-hj-np-z]{58}$/;

export function checkRecipient(recipient: string): void {
  if (!recipientPattern.test(recipient))
    throw new BackupError('backup.recipient_invalid', 'The backup recipient must be an age X25519 public key (age1… , 62 characters).');
}

export async function encryptTo(recipient: string, plaintext: Uint8Array): Promise<Uint8Array> {
  checkRecipient(recipient);
  const { Encrypter } = await loadAge();
  const encrypter = new Encrypter();
  encrypter.addRecipient(recipient);
  return encrypter.encrypt(plaintext);
}

/** The identities in an age identity file: `AGE-SECRET-KEY-1…` lines; comments and blank lines are skipped. */
export function parseIdentityFile(text: string): string[] {
  const identities = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.startsWith('AGE-SECRET-KEY-1'));
  if (identities.length === 0)
    throw new BackupError('backup.identity_invalid', 'The identity file holds no age secret key (a line starting with AGE-SECRET-KEY-1).');
  return identities;
}

export async function decryptWith(identities: readonly string[], ciphertext: Uint8Array, what: string): Promise<Uint8Array> {
  const { Decrypter } = await loadAge();
  const decrypter = new Decrypter();
  try {
    for (const identity of identities) decrypter.addIdentity(identity);
  } catch {
    throw new BackupError('backup.identity_invalid', 'The identity file holds a malformed age secret key.');
  }
  try {
    return await decrypter.decrypt(ciphertext);
  } catch (err) {
    const message = err instanceof Error ? err.message : '';
    if (/no identity matched/i.test(message)) {
      throw new BackupError(
        'backup.identity_wrong',
        `The ${what} was not encrypted to this identity: use the secret key of the backup recipient (COFFER_BACKUP_RECIPIENT).`,
      );
    }
    throw new BackupError('backup.snapshot_damaged', `The ${what} could not be decrypted: it is damaged or not an age file.`);
  }
}
