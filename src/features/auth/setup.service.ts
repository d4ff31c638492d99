import { CofferError } from '../../domain/index.js';
import { randomKey, secretVerifier, verifiersEqual } from '../../crypto/index.js';
import type { Store, UserRow } from '../../db/index.js';
import type { AccountsService } from './accounts.service.js';

const setupTokenKey = 'setup_token_verifier';
const setupTokenLabel = 'coffer/v1/setup-token';

/**
 * First-run setup. While no administrator exists, each server start issues a fresh one-time token
 * (printed as a link for the person at the console); only its verifier is stored.
 */
export class SetupService {
  constructor(
    private readonly store: Store,
    private readonly accounts: AccountsService,
    private readonly defaultQuotaBytes: number,
  ) {}

  async needsSetup(): Promise<boolean> {
    return (await this.store.repos.users.countAdmins()) === 0;
  }

  /** Returns a new setup token, or undefined when an administrator already exists. */
  async issueToken(): Promise<string | undefined> {
    if (!(await this.needsSetup())) return undefined;
    const token = randomKey().toString('base64url');
    await this.store.repos.meta.set(setupTokenKey, secretVerifier(Buffer.from(token, 'utf8'), setupTokenLabel).toString('base64'));
    return token;
  }

  async completeWithToken(token: string, email: string, password: string): Promise<{ user: UserRow; recoveryKey: string }> {
    if (!(await this.needsSetup())) throw new CofferError('setup.already_done');
    const stored = await this.store.repos.meta.get(setupTokenKey);
    const presented = secretVerifier(Buffer.from(token, 'utf8'), setupTokenLabel);
    if (!stored || !verifiersEqual(presented, Buffer.from(stored, 'base64'))) throw new CofferError('setup.token_invalid');
    const created = await this.createFirstAdmin(email, password);
    await this.store.repos.meta.delete(setupTokenKey);
    return created;
  }

  /** For `coffer admin create`, run by someone with access to the server's data. */
  async createFirstAdmin(email: string, password: string): Promise<{ user: UserRow; recoveryKey: string }> {
    if (!(await this.needsSetup())) throw new CofferError('setup.already_done');
    return this.accounts.create({ email, password, role: 'admin', quotaBytes: this.defaultQuotaBytes });
  }
}
