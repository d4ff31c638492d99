import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateEd25519, leafHash, nodeHash, signNote, verifierKey } from '../../src/crypto/index.js';
import type { Database } from '../../src/db/index.js';
import { ReceiptError, verifyReceipt, type Receipt } from '../../src/features/ledger/index.js';
import { testDialects } from '../support/dialects.js';
import type { TestClient } from '../support/http-client.js';
import { expectError, randomData, uploadFile } from '../support/integration-helpers.js';
import { verifiedCheckpoint } from '../support/ledger-helpers.js';
import { openRawDatabase, type RawDatabase } from '../support/storage-tamper.js';
import { startSignedIn, type TestServer } from '../support/test-server.js';

/**
 * An attacker with write access to the database edits the integrity log. The server must notice (audit findings,
 * refusal to sign or serve) and never hand out a tampered entry as valid; clients refuse forged checkpoints.
 */

type EntryRow = { idx: number; entry: Buffer; leaf_hash: Buffer };

async function entryRows(db: Kysely<Database>): Promise<EntryRow[]> {
  const rows = await db.selectFrom('ledger_entries').select(['idx', 'entry', 'leaf_hash']).orderBy('idx').execute();
  return rows.map((r) => ({ ...r, idx: Number(r.idx) }));
}

/** What a careful attacker does after editing entries: recompute every stored subtree so proofs still "work". */
async function rebuildNodes(db: Kysely<Database>): Promise<void> {
  const leaves = (await entryRows(db)).map((r) => r.leaf_hash);
  await db.deleteFrom('ledger_nodes').execute();
  let level = 0;
  let row = leaves;
  while (row.length > 0) {
    for (let i = 0; i < row.length; i++) await db.insertInto('ledger_nodes').values({ level, idx: i, hash: row[i]! }).execute();
    const next: Buffer[] = [];
    for (let i = 0; i + 1 < row.length; i += 2) next.push(nodeHash(row[i]!, row[i + 1]!));
    row = next;
    level += 1;
  }
}

describe.each(testDialects())('tampered integrity log on %s', (dialect) => {
  let server: TestServer;
  let admin: TestClient;
  let raw: RawDatabase;
  let file: { id: string; versionId: string };
  let pristine: EntryRow[];
  let headSize: number;
  let receipt: Receipt;

  beforeAll(async () => {
    let rootId: string;
    ({ server, client: admin, rootId } = await startSignedIn(dialect));
    raw = await openRawDatabase(server.config);
    for (let i = 0; i < 5; i++) await uploadFile(admin, rootId, `filler-${i}.bin`, randomData(100));
    file = await uploadFile(admin, rootId, 'target.bin', randomData(3000));
    for (let i = 0; i < 4; i++) await uploadFile(admin, rootId, `after-${i}.bin`, randomData(100));
    receipt = (await admin.json('GET', `/files/${file.id}/versions/${file.versionId}/receipt`)).body;
    expect(() => verifyReceipt(receipt)).not.toThrow();
    pristine = await entryRows(raw.db);
    headSize = pristine.length;
  });

  afterEach(async () => {
    // Put the log back exactly as it was, and prove the restore is clean, so every case starts from a good log.
    await raw.db.deleteFrom('ledger_entries').execute();
    for (const r of pristine) {
      await raw.db
        .insertInto('ledger_entries')
        .values({ ...r, event_type: 'restored', version_id: r.idx === receipt.entry.index ? file.versionId : null, created_at: 0 })
        .execute();
    }
    await raw.db.updateTable('ledger_head').set({ size: headSize }).execute();
    await rebuildNodes(raw.db);
    expect((await admin.json('GET', '/ledger/audit')).body.problems).toEqual([]);
  });

  afterAll(async () => {
    await raw.close();
    await server.close();
  });

  const target = (): number => receipt.entry.index;
  const audit = async (): Promise<string[]> => (await admin.json('GET', '/ledger/audit')).body.problems;
  const receiptResponse = () => admin.json('GET', `/files/${file.id}/versions/${file.versionId}/receipt`);

  it('an edited entry is found by the audit and never served in a receipt or entry page', async () => {
    const edited = Buffer.from(pristine[target()]!.entry);
    edited[edited.length - 1]! ^= 1;
    await raw.db.updateTable('ledger_entries').set({ entry: edited }).where('idx', '=', target()).execute();
    expect(await audit()).toContain(`entry ${target()}: its bytes do not match its stored leaf hash`);
    expectError(await receiptResponse(), 500, 'ledger.integrity_failed');
    expectError(await admin.json('GET', '/ledger/entries?from=0'), 500, 'ledger.integrity_failed');
  });

  it('an edit that also rewrites every stored hash contradicts the signed checkpoint, and nothing new is signed', async () => {
    const edited = Buffer.from(pristine[target()]!.entry);
    edited[edited.length - 1]! ^= 1;
    await raw.db
      .updateTable('ledger_entries')
      .set({ entry: edited, leaf_hash: leafHash(edited) })
      .where('idx', '=', target())
      .execute();
    await rebuildNodes(raw.db);
    const problems = await audit();
    expect(problems.some((p) => /checkpoint at size \d+: the entries give another root/.test(p))).toBe(true);
    expectError(await admin.json('GET', '/ledger/checkpoint'), 500, 'ledger.integrity_failed');
    expectError(await receiptResponse(), 500, 'ledger.integrity_failed');
  });

  it('a deleted entry is found', async () => {
    await raw.db.deleteFrom('ledger_entries').where('idx', '=', 3).execute();
    expect(await audit()).toContain('entry 3: missing (the next stored entry is 4)');
    expectError(await admin.json('GET', '/ledger/entries?from=0'), 500, 'ledger.integrity_failed');
  });

  it('reordered entries are found, even with their hashes and subtrees rewritten to match', async () => {
    const [a, b] = [pristine[4]!, pristine[5]!];
    await raw.db.updateTable('ledger_entries').set({ entry: b.entry, leaf_hash: b.leaf_hash }).where('idx', '=', 4).execute();
    await raw.db.updateTable('ledger_entries').set({ entry: a.entry, leaf_hash: a.leaf_hash }).where('idx', '=', 5).execute();
    await rebuildNodes(raw.db);
    const problems = await audit();
    expect(problems).toContain('entry 4: it names another position (reordered)');
    expect(problems).toContain('entry 5: it names another position (reordered)');
    expectError(await admin.json('GET', '/ledger/checkpoint'), 500, 'ledger.integrity_failed');
  });

  it('a rolled-back head (the last entries cut off) is refused', async () => {
    const signed = await verifiedCheckpoint(admin);
    expect(signed.size).toBe(headSize);
    await raw.db
      .deleteFrom('ledger_entries')
      .where('idx', '>=', headSize - 3)
      .execute();
    await raw.db
      .updateTable('ledger_head')
      .set({ size: headSize - 3 })
      .execute();
    expectError(await admin.json('GET', '/ledger/checkpoint'), 500, 'ledger.integrity_failed');
    expect(await audit()).toContain(`checkpoint at size ${headSize}: the log now has only ${headSize - 3} entries`);
  });

  it('a checkpoint forged into the database is found; a forged checkpoint is refused by clients', async () => {
    const forger = generateEd25519();
    const origin = (await admin.json('GET', '/ledger/key')).body.origin as string;
    const text = `${origin}\n${headSize + 100}\n${Buffer.alloc(32, 7).toString('base64')}\n`;
    const forged = signNote(text, origin, forger.privateKey, forger.publicKey);
    await raw.db
      .insertInto('ledger_checkpoints')
      .values({ size: headSize + 100, root_hash: Buffer.alloc(32, 7), note: forged, created_at: 0 })
      .execute();
    expect((await audit()).some((p) => p.startsWith(`checkpoint at size ${headSize + 100}: the signature`))).toBe(true);
    await raw.db
      .deleteFrom('ledger_checkpoints')
      .where('size', '=', headSize + 100)
      .execute();

    // A receipt whose checkpoint was re-signed by another key fails, whether or not the client pinned the real key.
    const pinned = receipt.logKey;
    const reSigned = {
      ...receipt,
      checkpoint: signNote(receipt.checkpoint.slice(0, receipt.checkpoint.indexOf('\n\n') + 1), origin, forger.privateKey, forger.publicKey),
    };
    expect(() => verifyReceipt(reSigned, pinned)).toThrow(/signature does not verify/);
    const withForgerKey = { ...reSigned, logKey: verifierKey(origin, forger.publicKey) };
    expect(() => verifyReceipt(withForgerKey, pinned)).toThrow(ReceiptError);
  });
});
