import { PlaintextMac } from '../../crypto/index.js';

/**
 * The plaintext commitment of an upload (docs/format.md, "Plaintext commitment") is one HMAC over the whole file, so
 * it cannot be split across threads. It is computed on a crypto worker: every object of an upload goes to the same
 * worker first, in order, and that worker keeps the upload's HMAC here, fed with each object's plaintext; then the
 * least busy worker seals the object in place (crypto-pool.ts, `macThenSeal`). This took about a second per GiB off
 * the main thread, and leaves the sealing, two thirds of the crypto, to every core.
 */
export interface MacStep {
  readonly stream: number;
  /** On the stream's first object: the commitment key and the ids it binds. */
  readonly start?: { readonly key: Uint8Array; readonly fileId: string; readonly versionId: string };
}

/** Feeds one object's plaintext to an upload's commitment (crypto-pool.ts sends these to the stream's worker). */
export interface MacJob {
  readonly mac: MacStep;
  readonly plaintext: Uint8Array;
  readonly endsMessage: boolean;
}

export class MacStreams {
  private readonly open = new Map<number, PlaintextMac>();

  /** Feeds `plaintext`; on the message's last object returns the digest and forgets the stream. */
  update(step: MacStep, plaintext: Uint8Array, endsMessage: boolean): Buffer | undefined {
    if (step.start) this.open.set(step.stream, new PlaintextMac(step.start.key, step.start.fileId, step.start.versionId));
    const mac = this.open.get(step.stream);
    if (!mac) throw new Error('the plaintext commitment of this upload was lost (a crypto worker restarted)');
    mac.update(plaintext);
    if (!endsMessage) return undefined;
    this.open.delete(step.stream);
    return mac.digest();
  }

  drop(stream: number): void {
    this.open.delete(stream);
  }
}
