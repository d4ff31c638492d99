import { CofferError, newId } from '../../domain/index.js';
import { base32Encode, matchTotp, randomBytesOf, unwrapKey, verifiersEqual, wrapKey } from '../../crypto/index.js';
import type { Store, UserFactorRow } from '../../db/index.js';
import { wrapContexts } from '../keyring/index.js';
import type { Clock } from './clock.js';
import { newRecoveryCode, recoveryCodeCount, recoveryCodeHash } from './recovery-codes.js';

export type FactorKind = UserFactorRow['kind'];
/** A factor that can answer a sign-in challenge. */
export type ActiveFactor = FactorKind | 'passkey';

export interface FactorSummary {
  readonly kinds: ActiveFactor[];
  readonly recoveryCodesLeft: number;
}

export interface TotpEnrollment {
  readonly secret: string;
  readonly uri: string;
  readonly qrSvg: string;
}

/**
 * Second factors of an account. TOTP secrets are sealed under the server's factor key (a file beside the data, not
 * in the database): the server must check a code before it can open the master key, so the master key cannot hold them.
 */
export class FactorsService {
  constructor(
    private readonly store: Store,
    private readonly factorKey: Buffer,
    private readonly issuer: string,
    private readonly clock: Clock,
  ) {}

  async summary(userId: string): Promise<FactorSummary> {
    const factors = await this.store.repos.factors.listForUser(userId);
    const codes = await this.store.repos.factors.unusedRecoveryCodes(userId);
    const passkeys = await this.store.repos.passkeys.listForUser(userId);
    const kinds: ActiveFactor[] = factors.filter((f) => f.confirmed_at !== null).map((f) => f.kind);
    if (passkeys.length > 0) kinds.push('passkey');
    return { kinds, recoveryCodesLeft: codes.length };
  }

  async enableEmail(userId: string): Promise<void> {
    const factors = await this.store.repos.factors.listForUser(userId);
    if (factors.some((f) => f.kind === 'email')) return;
    const now = this.clock.now();
    await this.store.repos.factors.insert({
      id: newId(),
      user_id: userId,
      kind: 'email',
      secret_sealed: null,
      confirmed_at: now,
      last_step: null,
      created_at: now,
    });
  }

  async startTotp(userId: string, email: string): Promise<TotpEnrollment> {
    const existing = (await this.store.repos.factors.listForUser(userId)).filter((f) => f.kind === 'totp');
    if (existing.some((f) => f.confirmed_at !== null)) throw new CofferError('factor.already_enrolled');
    await this.store.repos.factors.deleteKind(userId, 'totp');
    const id = newId();
    const secret = randomBytesOf(20);
    await this.store.repos.factors.insert({
      id,
      user_id: userId,
      kind: 'totp',
      secret_sealed: wrapKey(this.factorKey, secret, wrapContexts.totpSecret(id)),
      confirmed_at: null,
      last_step: null,
      created_at: this.clock.now(),
    });
    const encoded = base32Encode(secret);
    const label = `${encodeURIComponent(this.issuer)}:${encodeURIComponent(email)}`;
    const uri = `otpauth://totp/${label}?secret=${encoded}&issuer=${encodeURIComponent(this.issuer)}&algorithm=SHA1&digits=6&period=30`;
    // Loaded at the first enrolment: nothing else in a running server needs a QR encoder.
    const { default: qrcode } = await import('qrcode');
    return { secret: encoded, uri, qrSvg: await qrcode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M' }) };
  }

  /** Proves the app holds the secret; returns fresh recovery codes when the account had none. */
  async confirmTotp(userId: string, code: string): Promise<string[] | undefined> {
    const pending = (await this.store.repos.factors.listForUser(userId)).find((f) => f.kind === 'totp' && f.confirmed_at === null);
    if (!pending) throw new CofferError('factor.not_pending');
    const step = matchTotp(this.openTotpSecret(pending), code, this.clock.now());
    if (step === undefined) throw new CofferError('auth.code_invalid');
    await this.store.repos.factors.confirm(pending.id, this.clock.now(), step);
    const left = await this.store.repos.factors.unusedRecoveryCodes(userId);
    return left.length === 0 ? this.newRecoveryCodes(userId) : undefined;
  }

  /** Checks a TOTP code and burns its time step, so the same code cannot be used twice. */
  async checkTotp(userId: string, code: string): Promise<boolean> {
    const factor = (await this.store.repos.factors.listForUser(userId)).find((f) => f.kind === 'totp' && f.confirmed_at !== null);
    if (!factor) throw new CofferError('auth.factor_unavailable');
    const step = matchTotp(this.openTotpSecret(factor), code, this.clock.now());
    return step !== undefined && (await this.store.repos.factors.advanceStep(factor.id, step));
  }

  async checkRecoveryCode(userId: string, code: string): Promise<boolean> {
    const presented = recoveryCodeHash(userId, code);
    const codes = await this.store.repos.factors.unusedRecoveryCodes(userId);
    if (codes.length === 0) throw new CofferError('auth.factor_unavailable');
    let match: string | undefined;
    for (const row of codes) if (verifiersEqual(presented, row.code_hash) && !match) match = row.id;
    return match !== undefined && (await this.store.repos.factors.useRecoveryCode(match, this.clock.now()));
  }

  /** Ten new codes, shown once; the old ones stop working. */
  async newRecoveryCodes(userId: string): Promise<string[]> {
    const codes = Array.from({ length: recoveryCodeCount }, () => newRecoveryCode());
    await this.store.repos.factors.replaceRecoveryCodes(
      userId,
      codes.map((code) => ({ id: newId(), hash: recoveryCodeHash(userId, code) })),
      this.clock.now(),
    );
    return codes;
  }

  async remove(userId: string, kind: FactorKind): Promise<void> {
    await this.store.repos.factors.deleteKind(userId, kind);
  }

  /** Administrator reset: every factor and recovery code goes; the password alone signs in again. */
  async resetAll(userId: string): Promise<void> {
    await this.store.repos.factors.deleteAllForUser(userId);
    await this.store.repos.passkeys.deleteAllForUser(userId);
  }

  private openTotpSecret(factor: UserFactorRow): Buffer {
    if (!factor.secret_sealed) throw new CofferError('internal');
    return unwrapKey(this.factorKey, factor.secret_sealed, wrapContexts.totpSecret(factor.id));
  }
}
