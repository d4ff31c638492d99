import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { startSignedIn, type TestServer } from '../support/test-server.js';
import { expectError, makeFolder, uploadFile } from '../support/integration-helpers.js';
import { downloadLinkFile, post, visitLink } from '../support/link-client.js';

/** The archive ticket of a folder link's zip: one counted download, then every file's manifest without counting. */
describe.each(testDialects())('folder link zips on %s', (dialect) => {
  let server: TestServer;
  let client: TestClient;
  let folder: string;
  let fileIds: string[];

  beforeAll(async () => {
    let rootId: string;
    ({ server, client, rootId } = await startSignedIn(dialect));
    folder = await makeFolder(client, rootId, 'Reports');
    fileIds = [(await uploadFile(client, folder, 'a.txt', 'first')).id, (await uploadFile(client, folder, 'b.txt', 'second')).id];
  });
  afterAll(() => server?.close());

  async function link(body: Record<string, unknown>) {
    const created = await client.json('POST', '/links', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const visit = await visitLink(server.api, created.body.link.id, created.body.secret);
    return { id: created.body.link.id as string, visit };
  }

  it('counts a zip once, serves each file under its archive ticket, and nothing more after the limit', async () => {
    const { id, visit } = await link({ nodeId: folder, maxDownloads: 1 });
    const archive = await post(server.api, id, '/archive', { ticket: visit.ticket });
    expect(archive.status, JSON.stringify(archive.body)).toBe(200);
    // The zip's own count used up the limit; its archive ticket still lists folders and gives each file's manifest.
    const listed = await post(server.api, id, '/children', { ticket: archive.body.ticket, folderId: folder });
    expect(listed.body.items.map((i: { id: string }) => i.id).sort()).toEqual([...fileIds].sort());
    for (const fileId of fileIds) expect((await post(server.api, id, '/manifest', { ticket: archive.body.ticket, fileId })).status).toBe(200);
    const links = (await client.json('GET', `/links?nodeId=${folder}`)).body.links;
    expect(links.find((l: { id: string }) => l.id === id).downloadCount).toBe(1);
    const kinds = (await client.json('GET', `/shares/${id}/events`)).body.events.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['link.created', 'link.opened', 'link.downloaded']);
    // The session ticket is done: no second zip, no single download, no browsing; an archive ticket fetches no objects.
    expectError(await post(server.api, id, '/archive', { ticket: visit.ticket }), 404, 'link.not_found');
    expectError(await post(server.api, id, '/manifest', { ticket: visit.ticket, fileId: fileIds[0] }), 404, 'link.not_found');
    expectError(await post(server.api, id, '/children', { ticket: visit.ticket, folderId: folder }), 404, 'link.not_found');
    const object = await fetch(`${server.api}/public/links/${id}/objects/0`, { headers: { 'x-coffer-link-ticket': archive.body.ticket } });
    expect(object.status).toBe(404);
  });

  it('refuses a zip on a view-only link and on a file link, and after a revoke', async () => {
    const viewOnly = await link({ nodeId: folder, allowDownload: false });
    expectError(await post(server.api, viewOnly.id, '/archive', { ticket: viewOnly.visit.ticket }), 403, 'auth.forbidden');
    const fileLink = await link({ nodeId: fileIds[0] });
    expectError(await post(server.api, fileLink.id, '/archive', { ticket: fileLink.visit.ticket }), 403, 'auth.forbidden');
    expect((await downloadLinkFile(server.api, fileLink.id, fileLink.visit.ticket, undefined, fileLink.visit.rootKey)).toString()).toBe('first');

    const revoked = await link({ nodeId: folder });
    const archive = await post(server.api, revoked.id, '/archive', { ticket: revoked.visit.ticket });
    expect(archive.status).toBe(200);
    expect((await client.json('DELETE', `/links/${revoked.id}`)).status).toBe(204);
    expectError(await post(server.api, revoked.id, '/manifest', { ticket: archive.body.ticket, fileId: fileIds[1] }), 404, 'link.not_found');
  });
});
