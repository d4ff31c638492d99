import { openNote, parseCheckpoint, parseVerifierKey, verifyConsistency, type Checkpoint } from '../crypto/index.js';
import { api, type CofferClient } from '../sdk/index.js';
import { CliError } from './cli-error.js';
import type { SeenLog } from './log-state.js';

export interface LogCheck {
  readonly origin: string;
  readonly verifierKey: string;
  readonly checkpoint: Checkpoint & { note: string };
  readonly previousSize: number | null;
  readonly pinnedNow: boolean;
}

function integrity(message: string, hint?: string): CliError {
  return new CliError('ledger.integrity_failed', message, { status: 500, ...(hint ? { hint } : {}) });
}

/**
 * Fetches the server's checkpoint and checks it against what this client saw before: the signature with the pinned
 * key (pinned now when there is none), then a consistency proof from the last verified checkpoint. A smaller log,
 * a different root at the same size, or a proof that fails means the server rolled back or forked its log.
 */
export async function checkLog(client: CofferClient, seen: (origin: string) => SeenLog | undefined): Promise<LogCheck> {
  const published = await client.request(api.ledgerKey, {});
  const previous = seen(published.origin);
  const verifierKey = previous?.verifierKey ?? published.verifierKey;
  if (previous && previous.verifierKey !== published.verifierKey) {
    throw integrity(
      `The server now publishes another log key than the one this client pinned for ${published.origin}.`,
      'A changed key can mean a forged log. Ask the administrator why the key changed.',
    );
  }
  const key = parseVerifierKey(verifierKey);
  if (!key || key.name !== published.origin) throw integrity('The server published a malformed log key.');
  const { checkpoint: note } = await client.request(api.ledgerCheckpoint, {});
  const text = openNote(note, key.name, key.publicKey);
  const parsed = text === null ? null : parseCheckpoint(text);
  if (!parsed || parsed.origin !== key.name) throw integrity("The server's checkpoint signature does not verify with the pinned log key (forged checkpoint).");

  if (previous) {
    const oldRoot = Buffer.from(previous.rootHash, 'base64');
    if (parsed.size < previous.size) {
      throw integrity(`The server's log has ${parsed.size} entries, fewer than the ${previous.size} this client already saw: the log was rolled back.`);
    }
    if (parsed.size === previous.size && !parsed.rootHash.equals(oldRoot))
      throw integrity(`The server's log forked: another root at the same size ${parsed.size}.`);
    if (parsed.size > previous.size && previous.size > 0) {
      const { proof } = await client.request(api.ledgerConsistencyProof, { query: { from: previous.size, to: parsed.size } });
      const path = proof.map((p) => Buffer.from(p, 'base64'));
      if (!verifyConsistency(previous.size, parsed.size, path, oldRoot, parsed.rootHash)) {
        throw integrity(`The server's log of ${parsed.size} entries does not extend the log of ${previous.size} entries this client saw: the log forked.`);
      }
    }
  }
  return { origin: key.name, verifierKey, checkpoint: { ...parsed, note }, previousSize: previous?.size ?? null, pinnedNow: !previous };
}
