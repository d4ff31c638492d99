import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { adminEmail, adminPassword } from '../support/test-server.js';
import { startLogCapturingServer, type LogCapturingServer } from '../support/log-capturing-server.js';
import { expectError, makeFolder, MiB, randomData, sleep, uploadFile } from '../support/integration-helpers.js';
import { openRawDatabase, type RawDatabase } from '../support/storage-tamper.js';
import { pgDump } from '../support/postgres-files.js';
import { binarySecret, describeFindings, listFiles, needlesFor, scanBuffer, scanTree, textSecret, type Secret } from '../support/secret-scanner.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { linkAccess, linkKek } from '../../src/features/sharing/index.js';
import { downloadLinkFile, listLinkFolder } from '../support/link-client.js';
import {
  containsCode,
  createMailedUser,
  signInByMail,
  deliveryCodeFor,
  deliveryLinkFor,
  openedRoot,
  openWithCode,
  requestCode,
  type DeliveryLink,
} from '../support/delivery-client.js';

const patient = 'patient@example.com';

/**
 * Secure delivery by email over real HTTP and a real SMTP server on loopback: the link and the code are read from the
 * mails received, the file is decrypted in Node by the link page's own WebCrypto code. Then the attacks: no code,
 * wrong, replayed, expired and sixth codes, revoked and expired deliveries, wrong secrets, bad addresses, foreign
 * nodes, guests; and no link secret or code in the database, the data folder or the log.
 */
describe.each(testDialects())('secure delivery by email on %s', (dialect) => {
  let smtp: SmtpSink;
  let server: LogCapturingServer;
  let client: TestClient;
  let rootId: string;
  let raw: RawDatabase;
  const secrets: Secret[] = [];
  const codes: string[] = [];

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    server = await startLogCapturingServer(dialect, smtp.env());
    client = new TestClient(server.api);
    rootId = (await signInByMail(client, smtp, adminEmail, adminPassword)).rootFolderId;
    raw = await openRawDatabase(server.config);
  }, 60_000);
  afterAll(async () => {
    await raw?.close();
    await server?.close();
    await smtp?.close();
  });

  function remember(link: DeliveryLink): DeliveryLink {
    const bytes = Buffer.from(link.secret, 'base64url');
    secrets.push(
      textSecret(`delivery ${link.linkId} secret`, link.secret),
      binarySecret(`delivery ${link.linkId} secret bytes`, bytes),
      binarySecret(`delivery ${link.linkId} kek`, linkKek(bytes)),
      binarySecret(`delivery ${link.linkId} access`, linkAccess(bytes)),
    );
    return link;
  }

  async function code(to: string): Promise<string> {
    const received = await deliveryCodeFor(smtp, to);
    codes.push(received);
    return received;
  }

  async function send(body: Record<string, unknown>): Promise<any> {
    const sent = await client.json('POST', '/deliveries', body);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    return sent.body;
  }

  it('the model case: a report sent to a patient opens only with the code mailed at opening, and the sender sees "downloaded"', async () => {
    const report = randomData(5 * MiB + 321);
    const file = await uploadFile(client, rootId, 'report-2026.pdf', report);
    const delivery = await send({
      nodeId: file.id,
      to: [patient, 'Family@Example.com'],
      message: 'Your results.\nCall us with questions.',
      notifyOnDownload: true,
    });
    expect(delivery.recipients.map((r: any) => [r.email, r.state])).toEqual([
      ['family@example.com', 'sent'],
      [patient, 'sent'],
    ]);
    const link = remember(await deliveryLinkFor(smtp, patient));
    remember(await deliveryLinkFor(smtp, 'family@example.com'));
    expect(link.mail).toContain('> Your results.');
    expect(link.mail).toContain(adminEmail);
    expect(link.mail).not.toContain('report-2026.pdf');
    // Delivery links are not listed among the sender's plain links.
    expect((await client.json('GET', `/links?nodeId=${file.id}`)).body.links).toEqual([]);

    // The link alone does not open: no wrapped key without a code.
    const bare = await openWithCode(server.api, link);
    expectError(bare, 401, 'delivery.code_required');
    expect(JSON.stringify(bare.body)).not.toContain('keyWrapped');

    const asked = await requestCode(server.api, link);
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ sentTo: 'p***@example.com', sent: true, resendAfterSeconds: 60 });
    const mailed = await code(patient);
    // A second request inside the cooldown sends nothing new: the mailed code stays the one to use.
    expect((await requestCode(server.api, link)).body).toMatchObject({ sent: false });
    await sleep(300);
    expect(smtp.received.filter((m) => m.to.includes(patient))).toEqual([]);

    const wrong = mailed === '000000' ? '000001' : '000000';
    expectError(await openWithCode(server.api, link, wrong), 401, 'delivery.code_invalid');
    const opened = await openWithCode(server.api, link, mailed);
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    const { key, name } = await openedRoot(link, opened.body);
    expect(name).toBe('report-2026.pdf');
    expect((await downloadLinkFile(server.api, link.linkId, opened.body.ticket, undefined, key)).equals(report)).toBe(true);
    // The code worked once.
    expectError(await openWithCode(server.api, link, mailed), 401, 'delivery.code_expired');

    const status = await client.json('GET', `/deliveries/${delivery.id}`);
    const byEmail = Object.fromEntries(status.body.recipients.map((r: any) => [r.email, r]));
    expect(byEmail[patient]).toMatchObject({ state: 'downloaded' });
    expect(Date.parse(byEmail[patient].openedAt)).toBeLessThanOrEqual(Date.parse(byEmail[patient].downloadedAt));
    expect(byEmail['family@example.com']).toMatchObject({ state: 'sent', openedAt: null, downloadedAt: null });
    const notice = await smtp.next(adminEmail, /downloaded what you sent/);
    expect(notice.text).toContain(patient);
    const history = await client.json('GET', `/shares/${link.linkId}/events`);
    const kinds = history.body.events.map((e: any) => e.kind).sort();
    expect(kinds).toEqual(['delivery.downloaded', 'delivery.opened', 'delivery.sent', 'link.created', 'link.downloaded', 'link.opened']);
    expect((await client.json('GET', `/deliveries?nodeId=${file.id}`)).body.deliveries.map((d: any) => d.id)).toEqual([delivery.id]);
  });

  it('delivers a folder: the recipient browses it after the code, and a completed file download marks it downloaded', async () => {
    const folder = await makeFolder(client, rootId, 'Scans 2026');
    const scan = await uploadFile(client, folder, 'knee.bin', randomData(300_000));
    const delivery = await send({ nodeId: folder, to: ['folder@example.com'] });
    expect(delivery.nodeType).toBe('folder');
    const link = remember(await deliveryLinkFor(smtp, 'folder@example.com'));
    await requestCode(server.api, link);
    const opened = await openWithCode(server.api, link, await code('folder@example.com'));
    expect(opened.status).toBe(200);
    const { key, name } = await openedRoot(link, opened.body);
    expect(name).toBe('Scans 2026');
    const [entry] = await listLinkFolder(server.api, link.linkId, opened.body.ticket, folder, key);
    expect(entry?.name).toBe('knee.bin');
    expect((await client.json('GET', `/deliveries/${delivery.id}`)).body.recipients[0].state).toBe('opened');
    await downloadLinkFile(server.api, link.linkId, opened.body.ticket, scan.id, entry!.key);
    expect((await client.json('GET', `/deliveries/${delivery.id}`)).body.recipients[0].state).toBe('downloaded');
  });

  it('kills a code after five wrong tries: the sixth try fails even with the right code, and a new code is needed', async () => {
    const file = await uploadFile(client, rootId, 'labs.txt', 'lab values');
    await send({ nodeId: file.id, to: ['tries@example.com'] });
    const link = remember(await deliveryLinkFor(smtp, 'tries@example.com'));
    await requestCode(server.api, link);
    const right = await code('tries@example.com');
    const wrongs = ['111111', '222222', '333333', '444444', '555555'].filter((c) => c !== right).slice(0, 4);
    for (const wrong of wrongs) expectError(await openWithCode(server.api, link, wrong), 401, 'delivery.code_invalid');
    expectError(await openWithCode(server.api, link, right === '999999' ? '999998' : '999999'), 401, 'delivery.code_expired');
    expectError(await openWithCode(server.api, link, right), 401, 'delivery.code_expired');
    // Six failures for this recipient: the limiter now makes it wait before anything else is tried.
    expectError(await openWithCode(server.api, link, right), 429, 'auth.rate_limited');
    await sleep(2100);
    expect((await requestCode(server.api, link)).body).toMatchObject({ sent: true });
    const fresh = await code('tries@example.com');
    expect((await openWithCode(server.api, link, fresh)).status).toBe(200);
  });

  it('refuses an expired code', async () => {
    const file = await uploadFile(client, rootId, 'old.txt', 'old');
    const delivery = await send({ nodeId: file.id, to: ['late@example.com'] });
    const link = remember(await deliveryLinkFor(smtp, 'late@example.com'));
    await requestCode(server.api, link);
    const mailed = await code('late@example.com');
    await raw.db
      .updateTable('delivery_recipients')
      .set({ code_expires_at: Date.now() - 1 })
      .where('id', '=', delivery.recipients[0].id)
      .execute();
    expectError(await openWithCode(server.api, link, mailed), 401, 'delivery.code_expired');
  });

  it('answers a revoked recipient, a revoked or expired delivery, an unknown link and a wrong secret alike, and serves nothing more', async () => {
    const data = randomData(MiB);
    const file = await uploadFile(client, rootId, 'scan.bin', data);
    const delivery = await send({ nodeId: file.id, to: ['one@example.com', 'two@example.com'] });
    const one = remember(await deliveryLinkFor(smtp, 'one@example.com'));
    const two = remember(await deliveryLinkFor(smtp, 'two@example.com'));
    await requestCode(server.api, one);
    const opened = await openWithCode(server.api, one, await code('one@example.com'));
    expect(opened.status).toBe(200);
    const { key } = await openedRoot(one, opened.body);

    const recipientOne = delivery.recipients.find((r: any) => r.email === 'one@example.com');
    expect((await client.json('DELETE', `/deliveries/${delivery.id}/recipients/${recipientOne.id}`)).status).toBe(204);
    const revokedOpen = await openWithCode(server.api, one, '123456');
    const revokedCode = await requestCode(server.api, one);
    // A ticket issued before the revoke no longer works either.
    await expect(downloadLinkFile(server.api, one.linkId, opened.body.ticket, undefined, key)).rejects.toThrow(/manifest failed: 404/);
    // The other recipient still gets in.
    await requestCode(server.api, two);
    const twoCode = await code('two@example.com');
    const wrongSecret = { ...two, secret: Buffer.alloc(32, 7).toString('base64url') };
    const wrongOpen = await openWithCode(server.api, wrongSecret, twoCode);
    const wrongCode = await requestCode(server.api, wrongSecret);
    const unknown = { ...two, linkId: '0'.repeat(26) };
    const unknownOpen = await openWithCode(server.api, unknown, twoCode);
    expect((await openWithCode(server.api, two, twoCode)).status).toBe(200);

    expect((await client.json('DELETE', `/deliveries/${delivery.id}`)).status).toBe(204);
    await requestCode(server.api, two).then((r) => expectError(r, 404, 'link.not_found'));
    const status = await client.json('GET', `/deliveries/${delivery.id}`);
    expect(status.body.recipients.map((r: any) => r.state)).toEqual(['revoked', 'revoked']);

    const later = await uploadFile(client, rootId, 'later.txt', 'later');
    const expiring = await send({ nodeId: later.id, to: ['exp@example.com'] });
    const exp = remember(await deliveryLinkFor(smtp, 'exp@example.com'));
    await raw.db
      .updateTable('links')
      .set({ expires_at: Date.now() - 1 })
      .where('id', '=', exp.linkId)
      .execute();
    const expiredOpen = await openWithCode(server.api, exp, '123456');
    expect((await client.json('GET', `/deliveries/${expiring.id}`)).body.recipients[0].state).toBe('sent');

    const answers = [revokedOpen, revokedCode, wrongOpen, wrongCode, unknownOpen, expiredOpen];
    for (const answer of answers) expectError(answer, 404, 'link.not_found');
    expect(new Set(answers.map((a) => JSON.stringify(a.body.error.message))).size).toBe(1);
    expect(smtp.received.filter((m) => /delivery code/.test(m.subject))).toEqual([]);
  });

  it('refuses bad addresses (nothing sent), a node the sender cannot read (404), guests, and unknown deliveries', async () => {
    const file = await uploadFile(client, rootId, 'private.txt', 'private');
    for (const to of [['not an address'], ['ok@example.com', 'bad@'], [], ['a@b.c\r\nBcc: x@y.z']]) {
      const refused = await client.json('POST', '/deliveries', { nodeId: file.id, to });
      expect(refused.status, JSON.stringify(to)).toBe(400);
    }
    expect((await client.json('GET', `/deliveries?nodeId=${file.id}`)).body.deliveries).toEqual([]);
    await sleep(300);
    expect(smtp.received).toEqual([]);

    const other = await createMailedUser(client, smtp, 'other@example.com', 'another long password');
    expectError(await other.json('POST', '/deliveries', { nodeId: file.id, to: ['x@example.com'] }), 404, 'node.not_found');
    const mine = await send({ nodeId: file.id, to: ['own@example.com'] });
    remember(await deliveryLinkFor(smtp, 'own@example.com'));
    expectError(await other.json('GET', `/deliveries/${mine.id}`), 404, 'delivery.not_found');
    expectError(await other.json('DELETE', `/deliveries/${mine.id}`), 404, 'delivery.not_found');
    expectError(await client.json('GET', `/deliveries/${'0'.repeat(26)}`), 404, 'delivery.not_found');

    const guest = await createMailedUser(client, smtp, 'guest@example.com', 'a guest password here', 'guest');
    expectError(await guest.json('POST', '/deliveries', { nodeId: file.id, to: ['x@example.com'] }), 403, 'auth.forbidden');
    expectError(await new TestClient(server.api).json('POST', '/deliveries', { nodeId: file.id, to: ['x@example.com'] }), 401, 'auth.required');
    await sleep(300);
    expect(smtp.received).toEqual([]);
  });

  it('keeps no link secret or code in the database, the data folder or the log', async () => {
    expect(secrets.length).toBeGreaterThan(20);
    expect(codes.length).toBeGreaterThan(4);
    const needles = needlesFor(secrets);
    const scan = scanTree(server.dataDir, needles);
    expect(scan.findings, describeFindings(scan.findings)).toEqual([]);
    const dumps: [string, Buffer][] = [['log', Buffer.from(server.output())]];
    if (server.config.database.dialect === 'postgres') dumps.push(['pg_dump', pgDump(server.config.database.url)]);
    for (const [where, haystack] of dumps) {
      const findings = scanBuffer(where, haystack, needles);
      expect(findings, describeFindings(findings)).toEqual([]);
      for (const c of codes) expect(containsCode(haystack, c), `code in ${where}`).toBe(false);
    }
    for (const path of listFiles(server.dataDir)) for (const c of codes) expect(containsCode(readFileSync(path), c), `code in ${path}`).toBe(false);
    expect(server.output()).toContain('"route":"/api/v1/public/links/:id/code"');
  });
});
