import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/http-client.js';
import { randomData, sleep, uploadFile } from '../support/integration-helpers.js';
import { adminEmail, adminPassword, startTestServer, type TestServer } from '../support/test-server.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { downloadLinkFile } from '../support/link-client.js';
import { deliveryCodeFor, deliveryLinkFor, openedRoot, openWithCode, requestCode, signInByMail } from '../support/delivery-client.js';
import { CliUser, makeTempDir } from './support/cli.js';

/** `coffer send …` through the built binary, every mail through a real SMTP server on loopback. */
describe('coffer send', () => {
  let smtp: SmtpSink;
  let server: TestServer;
  let work: string;
  let sender: CliUser;
  const report = randomData(300_000);

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    server = await startTestServer('sqlite', smtp.env());
    const admin = new TestClient(server.api);
    const user = await signInByMail(admin, smtp, adminEmail, adminPassword);
    await uploadFile(admin, user.rootFolderId, 'report.pdf', report);
    work = makeTempDir('cli-delivery');
    sender = new CliUser('sender', work, { COFFER_SERVER: server.url, COFFER_TOKEN: admin.token! });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('sends to two addresses, shows per-recipient status after a download, and revokes one, then all', async () => {
    const delivery = await sender.json([
      'send',
      '/report.pdf',
      '--to',
      'patient@example.com',
      '--to',
      'gp@example.com',
      '--message',
      'Results',
      '--notify',
      '--expires',
      '7d',
    ]);
    expect(delivery.recipients.map((r: any) => [r.email, r.state])).toEqual([
      ['gp@example.com', 'sent'],
      ['patient@example.com', 'sent'],
    ]);
    expect(delivery.notifyOnDownload).toBe(true);
    expect(Date.parse(delivery.expiresAt) - Date.now()).toBeGreaterThan(6 * 86_400_000);
    const link = await deliveryLinkFor(smtp, 'patient@example.com');
    const gpLink = await deliveryLinkFor(smtp, 'gp@example.com');
    await requestCode(server.api, link);
    const opened = await openWithCode(server.api, link, await deliveryCodeFor(smtp, 'patient@example.com'));
    const { key } = await openedRoot(link, opened.body);
    expect((await downloadLinkFile(server.api, link.linkId, opened.body.ticket, undefined, key)).equals(report)).toBe(true);
    await smtp.next(adminEmail, /downloaded what you sent/);

    const status = await sender.ok(['send', 'status', delivery.id]);
    expect(status.stdout).toMatch(/patient@example\.com\s+downloaded/);
    expect(status.stdout).toMatch(/gp@example\.com\s+sent/);
    expect((await sender.ok(['send', 'list'])).stdout).toContain(delivery.id);
    expect((await sender.json(['send', 'list', '/report.pdf'])).map((d: any) => d.id)).toEqual([delivery.id]);

    const gp = delivery.recipients.find((r: any) => r.email === 'gp@example.com');
    await sender.ok(['send', 'revoke', delivery.id, '--recipient', gp.id]);
    expect((await requestCode(server.api, gpLink)).status).toBe(404);
    await sender.ok(['send', 'revoke', delivery.id]);
    expect((await openWithCode(server.api, link)).status).toBe(404);
    expect((await sender.json(['send', 'status', delivery.id])).recipients.map((r: any) => r.state)).toEqual(['revoked', 'revoked']);
  });

  it('refuses a bad address (nothing sent), a missing --to, and a path that does not exist', async () => {
    const { error } = await sender.fails(['send', '/report.pdf', '--to', 'ok@example.com', '--to', 'not-an-address'], 2);
    expect(error.code).toBe('request.invalid');
    expect((await sender.fails(['send', '/report.pdf'], 2)).error.code).toBe('usage.invalid');
    await sender.fails(['send', '/missing.pdf', '--to', 'x@example.com'], 4);
    await sleep(300);
    expect(smtp.received).toEqual([]);
  });
});
