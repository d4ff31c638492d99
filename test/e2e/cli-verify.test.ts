import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCheckpoint, generateEd25519, signNote } from '../../src/crypto/index.js';
import { testDialects } from '../support/dialects.js';
import { openRawDatabase, type RawDatabase } from '../support/storage-tamper.js';
import { adminEmail, adminPassword, startTestServer, type TestServer } from '../support/test-server.js';
import { CliUser, makeTempDir } from './support/cli.js';

/**
 * `coffer receipt`, `coffer verify FILE RECEIPT` and `coffer verify --log` through the built binary: a receipt proves
 * the exact bytes offline, and a client that saw a checkpoint refuses a rolled-back, forked or forged log (exit 7).
 */
const integrityExit = 7;

describe.each(testDialects())('coffer verify on %s', (dialect) => {
  let server: TestServer;
  let work: string;
  let raw: RawDatabase;
  let user: CliUser;

  beforeAll(async () => {
    work = makeTempDir(`verify-${dialect}`);
    server = await startTestServer(dialect);
    raw = await openRawDatabase(server.config);
    user = new CliUser('verify', work);
    await user.login(server.url, adminEmail, adminPassword);
  });
  afterAll(async () => {
    await raw?.close();
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('verifies a downloaded file against its receipt offline, and fails on one changed byte', async () => {
    const local = path.join(work, 'report.bin');
    const data = randomBytes(300_000);
    writeFileSync(local, data);
    await user.ok(['upload', local, '/']);
    const receipt = await user.ok(['receipt', '/report.bin']);
    const receiptFile = path.join(work, 'report.receipt.json');
    writeFileSync(receiptFile, receipt.stdout);
    expect(receipt.stdout.length).toBeLessThan(8000);

    const ok = await user.json(['verify', local, receiptFile]);
    expect(ok).toMatchObject({ ok: true, size: data.length, keyPinned: false });

    const changed = Buffer.from(data);
    changed[123_456]! ^= 0x01;
    const copy = path.join(work, 'report-changed.bin');
    writeFileSync(copy, changed);
    const { error } = await user.fails(['verify', copy, receiptFile], integrityExit);
    expect(error).toMatchObject({ code: 'ledger.integrity_failed', message: expect.stringMatching(/bytes differ/) });
    const human = await user.run(['verify', copy, receiptFile]);
    expect(human.code).toBe(integrityExit);
    expect(human.stderr).toMatch(/is not the stored version/);

    const edited = JSON.parse(receipt.stdout);
    edited.entry.index += 1;
    writeFileSync(receiptFile, JSON.stringify(edited));
    expect((await user.fails(['verify', local, receiptFile], integrityExit)).error.message).toMatch(/does not verify/);
  });

  it('verify --log pins the key, accepts a grown log, and refuses a rolled-back, forked or forged log', async () => {
    const first = await user.json(['verify', '--log']);
    expect(first).toMatchObject({ ok: true, pinnedNow: true, previousSize: null });
    await user.ok(['mkdir', '/grown']);
    // Sharing events are log entries too (link.created, link.revoked): the grown log still verifies.
    const link = await user.json(['link', 'create', '/grown']);
    await user.ok(['link', 'revoke', link.link.id]);
    const second = await user.json(['verify', '--log']);
    expect(second).toMatchObject({ ok: true, pinnedNow: false, previousSize: first.size });
    expect(second.size).toBeGreaterThan(first.size);

    // The server's database is put back to an older state (a restored backup, or an attacker hiding entries).
    const keep = first.size;
    await raw.db.deleteFrom('ledger_entries').where('idx', '>=', keep).execute();
    // Every stored subtree that reaches past `keep` goes too, as it would in a backup taken at that size.
    for (let level = 0; level < 32; level++) {
      await raw.db
        .deleteFrom('ledger_nodes')
        .where('level', '=', level)
        .where('idx', '>=', Math.floor(keep / 2 ** level))
        .execute();
    }
    await raw.db.deleteFrom('ledger_checkpoints').where('size', '>', keep).execute();
    await raw.db.updateTable('ledger_head').set({ size: keep }).execute();
    const rolledBack = await user.fails(['verify', '--log'], integrityExit);
    expect(rolledBack.error.message).toMatch(/fewer than the \d+ this client already saw: the log was rolled back/);

    // The server then grows a different history past the size this client saw: a fork.
    for (let i = 0; i < 6; i++) await user.ok(['mkdir', `/fork-${i}`]);
    const forked = await user.fails(['verify', '--log'], integrityExit);
    expect(forked.error.message).toMatch(/forked/);

    // A fresh client pins the current (forked) key: what it then refuses is a checkpoint signed by another key.
    const other = new CliUser('verify-fresh', work);
    await other.login(server.url, adminEmail, adminPassword);
    const pinned = await other.json(['verify', '--log']);
    const forger = generateEd25519();
    const origin = ((await (await fetch(`${server.api}/ledger/key`)).json()) as { origin: string }).origin;
    const head = await raw.db.selectFrom('ledger_checkpoints').selectAll().where('size', '=', pinned.size).executeTakeFirstOrThrow();
    const forgedNote = signNote(formatCheckpoint({ origin, size: pinned.size, rootHash: head.root_hash }), origin, forger.privateKey, forger.publicKey);
    await raw.db.updateTable('ledger_checkpoints').set({ note: forgedNote }).where('size', '=', pinned.size).execute();
    const forged = await other.fails(['verify', '--log'], integrityExit);
    expect(forged.error.message).toMatch(/signature does not verify/);
  });
});
