// Longer than 400 lines on purpose: the whole tamper campaign runs against one server per dialect with
// shared fixtures, and each case re-checks the same untouched control file; one file keeps that setup single.
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, renameSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { merkleRoot } from '../../src/crypto/index.js';
import { TestClient, passphraseHeader } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { fetchTransfer, flipBit, objectFile, openRawDatabase, versionObjects, type RawDatabase, type Transfer } from '../support/storage-tamper.js';
import { adminEmail, adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Tampering with stored data, on disk and in the database, as an attacker with write access to the
 * server's storage (or a failing disk) could. Every download of tampered data must fail with an
 * integrity error and release no unverified byte: either a clean `storage.integrity_failed` error
 * before the response starts, or (when the damage lies past the first verified bytes) a transfer the
 * client sees fail, whose bytes are exactly a correct prefix of the original.
 */

const KiB = 1024;
const chunk = 16 * KiB;
const sealedChunk = chunk + 16;
/** Plaintext bytes held by one full storage object (256 chunks). */
const objectPlaintext = 256 * chunk;

describe.each(testDialects())('tampered storage on %s', (dialect) => {
  let server: TestServer;
  let client: TestClient;
  let raw: RawDatabase;
  let rootId: string;
  let control: { id: string; data: Buffer };
  let caseNumber = 0;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    client = new TestClient(server.api);
    rootId = (await client.signIn(adminEmail, adminPassword)).rootFolderId;
    raw = await openRawDatabase(server.config);
    // A clean multi-object file that no case touches: it must keep downloading byte for byte.
    const data = randomBytes(objectPlaintext + 3 * KiB);
    control = { id: (await upload('control.bin', data)).id, data };
  });

  afterAll(async () => {
    await raw?.close();
    await server?.close();
  });

  afterEach(async () => {
    // No collateral damage: the untouched file still downloads correctly, in full and by range.
    const whole = await client.download(control.id);
    expect(whole.status).toBe(200);
    expect(whole.bytes.equals(control.data)).toBe(true);
    const start = objectPlaintext - 100;
    const ranged = await client.download(control.id, { range: `bytes=${start}-${start + 299}` });
    expect(ranged.status).toBe(206);
    expect(ranged.bytes.equals(control.data.subarray(start, start + 300))).toBe(true);
  });

  interface Uploaded {
    readonly id: string;
    readonly versionId: string;
    readonly data: Buffer;
  }

  async function upload(name: string, data: Buffer, options: { parentId?: string; passphrase?: string } = {}): Promise<Uploaded> {
    const response = await client.upload(options.parentId ?? rootId, name, data, options.passphrase === undefined ? {} : { passphrase: options.passphrase });
    expect(response.status).toBe(201);
    return { id: response.body.id, versionId: response.body.versionId, data };
  }

  /** A fresh file for one case, with a name no other case uses. */
  async function freshFile(size: number, options: { parentId?: string; passphrase?: string } = {}): Promise<Uploaded> {
    caseNumber += 1;
    const uploaded = await upload(`case-${caseNumber}-${randomBytes(4).toString('hex')}.bin`, randomBytes(size), options);
    // Sanity: before tampering, the file downloads correctly.
    const before = await client.download(uploaded.id, options.passphrase === undefined ? {} : passphraseHeader(options.passphrase));
    expect(before.status).toBe(200);
    expect(before.bytes.equals(uploaded.data)).toBe(true);
    return uploaded;
  }

  async function objectsOf(file: Uploaded) {
    return versionObjects(raw.db, file.versionId);
  }

  async function fileOfObject(file: Uploaded, index: number): Promise<string> {
    const objects = await objectsOf(file);
    const object = objects[index];
    if (!object) throw new Error(`the file has no object ${index}`);
    return objectFile(server.config, object.key);
  }

  function get(id: string, headers: Record<string, string> = {}): Promise<Transfer> {
    return fetchTransfer(`${server.api}/files/${id}/content`, client.headers(headers));
  }

  /** The request fails before the response starts: a 500 with the integrity error, and no file byte. */
  async function expectCleanIntegrityError(id: string, headers: Record<string, string> = {}, original?: Buffer): Promise<void> {
    const transfer = await get(id, headers);
    expect(transfer.status, `expected an integrity error, got ${transfer.status}`).toBe(500);
    expect(transfer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(transfer.completed).toBe(true);
    const body = JSON.parse(transfer.bytes.toString('utf8'));
    expect(body.error.code).toBe('storage.integrity_failed');
    expect(Object.keys(body)).toEqual(['error']);
    expect(transfer.bytes.length).toBeLessThan(1000);
    if (original) expect(containsSlice(transfer.bytes, original)).toBe(false);
  }

  /**
   * The request fails: either cleanly before the response starts, or as a broken transfer whose bytes
   * are a correct prefix of `original` from `start` and never reach `verifiedLimit` (the first byte that
   * depends on tampered data).
   */
  async function expectFailedTransfer(
    id: string,
    original: Buffer,
    options: { headers?: Record<string, string>; start?: number; verifiedLimit: number },
  ): Promise<Transfer> {
    const transfer = await get(id, options.headers ?? {});
    const start = options.start ?? 0;
    if (transfer.status === 500) {
      expect(JSON.parse(transfer.bytes.toString('utf8')).error.code).toBe('storage.integrity_failed');
      return transfer;
    }
    expect([200, 206]).toContain(transfer.status);
    const declared = Number(transfer.headers.get('content-length'));
    // The client must be able to tell the transfer failed: an error while reading, or fewer bytes than declared.
    expect(!transfer.completed || transfer.bytes.length < declared, 'the broken transfer looked complete').toBe(true);
    expect(transfer.bytes.length).toBeLessThan(declared);
    expect(start + transfer.bytes.length).toBeLessThanOrEqual(options.verifiedLimit);
    expect(transfer.bytes.equals(original.subarray(start, start + transfer.bytes.length)), 'the received bytes are not a prefix of the original').toBe(true);
    return transfer;
  }

  async function setVersion(
    versionId: string,
    changes: { salt?: Buffer; commitment?: Buffer; merkle_root?: Buffer; size?: number; node_id?: string; number?: number },
  ): Promise<void> {
    await raw.db.updateTable('versions').set(changes).where('id', '=', versionId).execute();
  }

  async function replaceObjectList(versionId: string, objects: readonly { key: string; size: number }[]): Promise<void> {
    await raw.db.deleteFrom('version_objects').where('version_id', '=', versionId).execute();
    await raw.db
      .insertInto('version_objects')
      .values(objects.map((o, idx) => ({ version_id: versionId, idx, object_key: o.key, size: o.size })))
      .execute();
  }

  function rootOf(keys: readonly string[]): Buffer {
    return merkleRoot(keys.map((k) => Buffer.from(k, 'hex')));
  }

  describe('damaged storage objects', () => {
    it('a flipped bit in a single-object file fails before any byte, also for ranges', async () => {
      const file = await freshFile(40_000); // three chunks in one object
      flipBit(await fileOfObject(file, 0), sealedChunk + 1234, 3); // inside chunk 1
      await expectCleanIntegrityError(file.id, {}, file.data);
      // Ranges that need the damaged chunk fail too (they read only part of the object, so the chunk tags catch it).
      await expectCleanIntegrityError(file.id, { range: `bytes=${chunk}-${chunk + 99}` }, file.data);
      await expectCleanIntegrityError(file.id, { range: 'bytes=20000-' }, file.data);
      // A range from an intact chunk into the damaged one: at most the verified chunk 0 bytes may arrive.
      await expectFailedTransfer(file.id, file.data, { headers: { range: 'bytes=100-30000' }, start: 100, verifiedLimit: chunk });
    });

    it('a flipped bit in the second object of a multi-object file never releases a byte of that object', async () => {
      const file = await freshFile(objectPlaintext + 50_000);
      expect((await objectsOf(file)).length).toBe(2);
      flipBit(await fileOfObject(file, 1), sealedChunk + 5, 7); // chunk 257
      // The first object verifies, so the response may already have started when the second one fails.
      await expectFailedTransfer(file.id, file.data, { verifiedLimit: objectPlaintext });
      // A range inside the damaged chunk fails cleanly; a range from the first object into it breaks off.
      await expectCleanIntegrityError(file.id, { range: `bytes=${objectPlaintext + chunk}-${objectPlaintext + chunk + 99}` }, file.data);
      const start = objectPlaintext - 1000;
      await expectFailedTransfer(file.id, file.data, {
        headers: { range: `bytes=${start}-${objectPlaintext + chunk + 500}` },
        start,
        verifiedLimit: objectPlaintext + chunk,
      });
    });

    it('a flipped bit in the first object of a multi-object file fails before any byte', async () => {
      const file = await freshFile(objectPlaintext + 10_000);
      flipBit(await fileOfObject(file, 0), 200 * sealedChunk + 77, 0);
      await expectCleanIntegrityError(file.id, {}, file.data);
    });

    it('a truncated object fails', async () => {
      const small = await freshFile(40_000);
      const smallPath = await fileOfObject(small, 0);
      truncateSync(smallPath, (await objectsOf(small))[0]!.size - 1);
      await expectCleanIntegrityError(small.id, {}, small.data);
      await expectCleanIntegrityError(small.id, { range: 'bytes=-10' }, small.data);

      const large = await freshFile(objectPlaintext + 50_000);
      const largeObjects = await objectsOf(large);
      truncateSync(await fileOfObject(large, 1), largeObjects[1]!.size - 100);
      await expectFailedTransfer(large.id, large.data, { verifiedLimit: objectPlaintext });
      await expectCleanIntegrityError(large.id, { range: 'bytes=-10' }, large.data);

      // Cut back to nothing at all.
      const emptied = await freshFile(40_000);
      truncateSync(await fileOfObject(emptied, 0), 0);
      await expectCleanIntegrityError(emptied.id, {}, emptied.data);
    });

    it('bytes appended to an object fail the whole-object check', async () => {
      const file = await freshFile(40_000);
      appendFileSync(await fileOfObject(file, 0), randomBytes(10));
      await expectCleanIntegrityError(file.id, {}, file.data);

      const large = await freshFile(objectPlaintext + 50_000);
      appendFileSync(await fileOfObject(large, 1), Buffer.alloc(sealedChunk));
      await expectFailedTransfer(large.id, large.data, { verifiedLimit: objectPlaintext });
    });

    it('objects swapped between two files fail for both', async () => {
      const a = await freshFile(40_000);
      const b = await freshFile(40_000);
      const pathA = await fileOfObject(a, 0);
      const pathB = await fileOfObject(b, 0);
      const parked = `${pathA}.parked`;
      renameSync(pathA, parked);
      renameSync(pathB, pathA);
      renameSync(parked, pathB);
      for (const file of [a, b]) {
        await expectCleanIntegrityError(file.id, {}, file.data);
        await expectCleanIntegrityError(file.id, { range: 'bytes=0-99' }, file.data);
        await expectCleanIntegrityError(file.id, { range: 'bytes=-100' }, file.data);
      }
    });

    it('objects swapped within one file (reordered on disk) fail', async () => {
      const file = await freshFile(2 * objectPlaintext + 1000);
      const objects = await objectsOf(file);
      expect(objects.map((o) => o.size)).toEqual([256 * sealedChunk, 256 * sealedChunk, 1000 + 16]);
      const first = objectFile(server.config, objects[0]!.key);
      const second = objectFile(server.config, objects[1]!.key);
      renameSync(first, `${first}.parked`);
      renameSync(second, first);
      renameSync(`${first}.parked`, second);
      await expectCleanIntegrityError(file.id, {}, file.data);
      // A partial read of either object is caught by the chunk tags (each chunk is bound to its index).
      await expectCleanIntegrityError(file.id, { range: `bytes=${objectPlaintext + 10}-${objectPlaintext + 20}` }, file.data);
      await expectCleanIntegrityError(file.id, { range: 'bytes=10-20' }, file.data);
    });

    it('a deleted object (missing replica) fails', async () => {
      const small = await freshFile(40_000);
      unlinkSync(await fileOfObject(small, 0));
      await expectCleanIntegrityError(small.id);
      await expectCleanIntegrityError(small.id, { range: 'bytes=0-0' });

      const large = await freshFile(objectPlaintext + 50_000);
      unlinkSync(await fileOfObject(large, 1));
      await expectFailedTransfer(large.id, large.data, { verifiedLimit: objectPlaintext });
      await expectCleanIntegrityError(large.id, { range: 'bytes=-1' });
    });

    it('a damaged object of an empty file fails', async () => {
      const file = await freshFile(0);
      const objects = await objectsOf(file);
      expect(objects).toEqual([expect.objectContaining({ size: 16 })]);
      flipBit(objectFile(server.config, objects[0]!.key), 3);
      await expectCleanIntegrityError(file.id);
    });
  });

  describe('tampered database records', () => {
    it('a reordered object list fails, with or without a recomputed Merkle root', async () => {
      const file = await freshFile(2 * objectPlaintext + 1000);
      const objects = await objectsOf(file);
      const reordered = [objects[1]!, objects[0]!, objects[2]!];
      await replaceObjectList(file.versionId, reordered);
      await expectCleanIntegrityError(file.id, {}, file.data);
      // An attacker can recompute the (unkeyed) Merkle root too; the chunk tags still bind each chunk to its index.
      await setVersion(file.versionId, { merkle_root: rootOf(reordered.map((o) => o.key)) });
      await expectCleanIntegrityError(file.id, {}, file.data);
      await expectCleanIntegrityError(file.id, { range: `bytes=${objectPlaintext}-${objectPlaintext + 10}` }, file.data);
      await expectCleanIntegrityError(file.id, { range: 'bytes=0-10' }, file.data);
    });

    it('an object list taken from another file fails, with or without a recomputed Merkle root', async () => {
      const victim = await freshFile(40_000);
      const donor = await freshFile(40_000);
      const donorObjects = await objectsOf(donor);
      await replaceObjectList(victim.versionId, donorObjects);
      await expectCleanIntegrityError(victim.id, {}, donor.data);
      await setVersion(victim.versionId, { merkle_root: rootOf(donorObjects.map((o) => o.key)) });
      await expectCleanIntegrityError(victim.id, {}, donor.data);
      await expectCleanIntegrityError(victim.id, { range: 'bytes=0-99' }, donor.data);
      // The donor itself is unharmed.
      const donorDownload = await client.download(donor.id);
      expect(donorDownload.status).toBe(200);
      expect(donorDownload.bytes.equals(donor.data)).toBe(true);
    });

    it('a replaced Merkle root fails', async () => {
      const file = await freshFile(objectPlaintext + 50_000);
      await setVersion(file.versionId, { merkle_root: randomBytes(32) });
      await expectCleanIntegrityError(file.id, {}, file.data);
      await expectCleanIntegrityError(file.id, { range: 'bytes=0-0' }, file.data);
    });

    it('an object dropped from the list (with a recomputed root) fails', async () => {
      const file = await freshFile(2 * objectPlaintext + 1000);
      const objects = await objectsOf(file);
      const shortened = objects.slice(0, 2);
      await replaceObjectList(file.versionId, shortened);
      await setVersion(file.versionId, { merkle_root: rootOf(shortened.map((o) => o.key)) });
      await expectCleanIntegrityError(file.id, {}, file.data);
    });

    it('a changed version size fails', async () => {
      const file = await freshFile(40_000);
      await setVersion(file.versionId, { size: 39_999 });
      await expectCleanIntegrityError(file.id, {}, file.data);
      await expectCleanIntegrityError(file.id, { range: 'bytes=0-99' }, file.data);
    });

    it('a file truncated to empty in the database fails', async () => {
      // The attacker points the version at one 16-byte object (the size of an empty file's only chunk) and fixes
      // size and Merkle root to match. The object may even be a self-consistent blob: named by its own SHA-256.
      const file = await freshFile(40_000);
      const forged = randomBytes(16);
      const forgedKey = createHash('sha256').update(forged).digest('hex');
      const forgedPath = objectFile(server.config, forgedKey);
      mkdirSync(path.dirname(forgedPath), { recursive: true });
      writeFileSync(forgedPath, forged);
      await replaceObjectList(file.versionId, [{ key: forgedKey, size: 16 }]);
      await setVersion(file.versionId, { size: 0, merkle_root: rootOf([forgedKey]) });
      await raw.db.updateTable('nodes').set({ size: 0 }).where('id', '=', file.id).execute();
      await expectCleanIntegrityError(file.id);

      // The same with the file's own first object standing in for the empty chunk.
      const other = await freshFile(40_000);
      const [first] = await objectsOf(other);
      await replaceObjectList(other.versionId, [{ key: first!.key, size: 16 }]);
      await setVersion(other.versionId, { size: 0, merkle_root: rootOf([first!.key]) });
      await expectCleanIntegrityError(other.id);
    });

    it('a changed salt or key commitment fails', async () => {
      const salted = await freshFile(40_000);
      await setVersion(salted.versionId, { salt: randomBytes(24) });
      await expectCleanIntegrityError(salted.id, {}, salted.data);
      await expectCleanIntegrityError(salted.id, { range: 'bytes=0-9' }, salted.data);

      const committed = await freshFile(40_000);
      const [version] = await raw.db.selectFrom('versions').select('commitment').where('id', '=', committed.versionId).execute();
      const commitment = Buffer.from(version!.commitment);
      commitment[5] = commitment[5]! ^ 0x10;
      await setVersion(committed.versionId, { commitment });
      await expectCleanIntegrityError(committed.id, {}, committed.data);
    });

    it('a version moved to another file fails', async () => {
      // Content is bound to its file: B's version, re-pointed at A, must not open as A's content.
      const a = await freshFile(40_000);
      const b = await freshFile(40_000);
      await setVersion(b.versionId, { node_id: a.id, number: 99 });
      await raw.db.updateTable('nodes').set({ current_version_id: b.versionId }).where('id', '=', a.id).execute();
      await expectCleanIntegrityError(a.id, {}, b.data);
    });

    it('sealed names swapped between two files: downloads fail and listings show the entries as damaged', async () => {
      const folder = await client.json('POST', '/folders', { parentId: rootId, name: `names-${randomBytes(4).toString('hex')}` });
      expect(folder.status).toBe(201);
      const a = await freshFile(40_000, { parentId: folder.body.id });
      const b = await freshFile(40_000, { parentId: folder.body.id });
      const bystander = await freshFile(1000, { parentId: folder.body.id });
      const before = await client.json('GET', `/folders/${folder.body.id}/children`);
      const names = new Map<string, string>(before.body.items.map((item: { id: string; name: string }) => [item.id, item.name]));

      const rows = await raw.db.selectFrom('nodes').select(['id', 'name_sealed']).where('id', 'in', [a.id, b.id]).execute();
      const sealedA = rows.find((r) => r.id === a.id)!.name_sealed;
      const sealedB = rows.find((r) => r.id === b.id)!.name_sealed;
      await raw.db.updateTable('nodes').set({ name_sealed: sealedB }).where('id', '=', a.id).execute();
      await raw.db.updateTable('nodes').set({ name_sealed: sealedA }).where('id', '=', b.id).execute();

      for (const file of [a, b]) await expectCleanIntegrityError(file.id, {}, file.data);

      const listing = await client.json('GET', `/folders/${folder.body.id}/children`);
      expect(listing.status).toBe(200);
      const shownNames: string[] = listing.body.items.map((item: { name: string }) => item.name);
      for (const file of [a, b]) {
        const item = listing.body.items.find((i: { id: string }) => i.id === file.id);
        expect(item.damaged).toBe(true);
        // Neither its own name nor the swapped-in one is shown.
        expect(item.name).not.toBe(names.get(a.id));
        expect(item.name).not.toBe(names.get(b.id));
        const node = await client.json('GET', `/nodes/${file.id}`);
        expect(node.status).toBe(200);
        expect(node.body.damaged).toBe(true);
        expect([names.get(a.id), names.get(b.id)]).not.toContain(node.body.name);
      }
      expect(shownNames).not.toContain(names.get(a.id));
      expect(shownNames).not.toContain(names.get(b.id));
      const intact = listing.body.items.find((i: { id: string }) => i.id === bystander.id);
      expect(intact).toMatchObject({ damaged: false, name: names.get(bystander.id) });
      const bystanderDownload = await client.download(bystander.id);
      expect(bystanderDownload.bytes.equals(bystander.data)).toBe(true);
    });

    it('a file moved to another folder in the database fails and is shown as damaged there', async () => {
      const from = await client.json('POST', '/folders', { parentId: rootId, name: `from-${randomBytes(4).toString('hex')}` });
      const to = await client.json('POST', '/folders', { parentId: rootId, name: `to-${randomBytes(4).toString('hex')}` });
      const file = await freshFile(40_000, { parentId: from.body.id });
      // Name and key are bound to the parent: the row alone cannot be moved.
      await raw.db.updateTable('nodes').set({ parent_id: to.body.id }).where('id', '=', file.id).execute();
      await expectCleanIntegrityError(file.id, {}, file.data);
      const listing = await client.json('GET', `/folders/${to.body.id}/children`);
      expect(listing.status).toBe(200);
      expect(listing.body.items).toEqual([expect.objectContaining({ id: file.id, damaged: true })]);
    });

    it('swapped name lookup hashes do not make a path resolve to the wrong item', async () => {
      const folder = await client.json('POST', '/folders', { parentId: rootId, name: `lookup-${randomBytes(4).toString('hex')}` });
      const a = await freshFile(1000, { parentId: folder.body.id });
      const b = await freshFile(2000, { parentId: folder.body.id });
      const sub = await client.json('POST', '/folders', { parentId: folder.body.id, name: 'sub-a' });
      const other = await client.json('POST', '/folders', { parentId: folder.body.id, name: 'sub-b' });
      const inSub = await freshFile(100, { parentId: sub.body.id });
      const inOther = await freshFile(200, { parentId: other.body.id });
      const listing = await client.json('GET', `/folders/${folder.body.id}/children`);
      const nameOf = (id: string): string => listing.body.items.find((i: { id: string }) => i.id === id).name;
      // Same name in both subfolders, so only the folder lookup decides which one a path reaches.
      expect((await client.json('PATCH', `/nodes/${inOther.id}`, { name: nameOf(a.id) })).status).toBe(200);
      expect((await client.json('PATCH', `/nodes/${inSub.id}`, { name: nameOf(a.id) })).status).toBe(200);

      const swapHashes = async (x: string, y: string) => {
        const rows = await raw.db.selectFrom('nodes').select(['id', 'name_hash']).where('id', 'in', [x, y]).execute();
        const hashX = rows.find((r) => r.id === x)!.name_hash;
        const hashY = rows.find((r) => r.id === y)!.name_hash;
        // Through a placeholder: (parent, name hash) is unique among live items.
        await raw.db
          .updateTable('nodes')
          .set({ name_hash: randomBytes(32) })
          .where('id', '=', x)
          .execute();
        await raw.db.updateTable('nodes').set({ name_hash: hashX }).where('id', '=', y).execute();
        await raw.db.updateTable('nodes').set({ name_hash: hashY }).where('id', '=', x).execute();
      };
      const resolve = (p: string) => client.json('GET', `/resolve?path=${encodeURIComponent(p)}`);
      const base = `/${folder.body.name}`;

      await swapHashes(a.id, b.id);
      for (const [file, wrong] of [
        [a, b],
        [b, a],
      ] as const) {
        const resolved = await resolve(`${base}/${nameOf(file.id)}`);
        // Either a clean integrity error, or the right item; never the other one.
        if (resolved.status === 200) expect(resolved.body.node.id).toBe(file.id);
        else expect(resolved.body.error.code).toBe('storage.integrity_failed');
        expect(resolved.body.node?.id).not.toBe(wrong.id);
      }

      // Uploading a new version "of a" by name must not land in b.
      const upload = await client.upload(folder.body.id, nameOf(a.id), randomBytes(300), { onConflict: 'version' });
      if (upload.status === 200) expect(upload.body.id).toBe(a.id);
      else expect(upload.body.error.code).toBe('storage.integrity_failed');
      expect((await client.json('GET', `/files/${b.id}/versions`)).body.versions).toHaveLength(1);

      await swapHashes(sub.body.id, other.body.id);
      const through = await resolve(`${base}/sub-a/${nameOf(a.id)}`);
      if (through.status === 200) expect(through.body.node.id).toBe(inSub.id);
      else expect(through.body.error.code).toBe('storage.integrity_failed');
      expect(through.body.node?.id).not.toBe(inOther.id);
    });

    /** Every object in the blob store, sorted. */
    async function storedKeys(): Promise<string[]> {
      const keys: string[] = [];
      for await (const object of server.running.services.blobs.list()) keys.push(object.key);
      return keys.sort();
    }

    it('copying a tampered file fails and leaves neither a copy nor stray objects', async () => {
      const file = await freshFile(objectPlaintext + 50_000);
      flipBit(await fileOfObject(file, 1), 999);
      const target = await client.json('POST', '/folders', { parentId: rootId, name: `copies-${randomBytes(4).toString('hex')}` });
      const objectsBefore = await storedKeys();
      const copy = await client.json('POST', `/nodes/${file.id}/copy`, { parentId: target.body.id, name: 'copy.bin' });
      expect(copy.status).toBe(500);
      expect(copy.body.error.code).toBe('storage.integrity_failed');
      const listing = await client.json('GET', `/folders/${target.body.id}/children`);
      expect(listing.body.items).toEqual([]);
      expect(await storedKeys()).toEqual(objectsBefore);
    });

    it('wrapped keys swapped between two files fail for both, with and without passphrases', async () => {
      const a = await freshFile(40_000);
      const b = await freshFile(40_000);
      const passphrase = 'tamper passphrase';
      const c = await freshFile(40_000, { passphrase });
      const d = await freshFile(40_000, { passphrase });
      const swap = async (x: Uploaded, y: Uploaded) => {
        const rows = await raw.db.selectFrom('nodes').select(['id', 'key_wrapped']).where('id', 'in', [x.id, y.id]).execute();
        const keyX = rows.find((r) => r.id === x.id)!.key_wrapped;
        const keyY = rows.find((r) => r.id === y.id)!.key_wrapped;
        await raw.db.updateTable('nodes').set({ key_wrapped: keyY }).where('id', '=', x.id).execute();
        await raw.db.updateTable('nodes').set({ key_wrapped: keyX }).where('id', '=', y.id).execute();
      };
      await swap(a, b);
      await expectCleanIntegrityError(a.id, {}, a.data);
      await expectCleanIntegrityError(b.id, {}, b.data);
      await expectCleanIntegrityError(a.id, { range: 'bytes=0-9' }, a.data);
      await swap(c, d);
      await expectCleanIntegrityError(c.id, passphraseHeader(passphrase), c.data);
      await expectCleanIntegrityError(d.id, passphraseHeader(passphrase), d.data);
    });
  });
});

function containsSlice(haystack: Buffer, original: Buffer): boolean {
  // Any 32-byte window of the original appearing in the response would be leaked file content.
  if (original.length < 32 || haystack.length < 32) return false;
  for (let offset = 0; offset + 32 <= original.length; offset += 1024) {
    if (haystack.indexOf(original.subarray(offset, offset + 32)) >= 0) return true;
  }
  return false;
}
