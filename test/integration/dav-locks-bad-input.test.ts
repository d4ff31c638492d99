import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DavClient, hrefsIn, startDavServer } from '../support/dav-client.js';
import { testDialects } from '../support/dialects.js';
import type { TestClient } from '../support/http-client.js';
import { createUser, listNames } from '../support/integration-helpers.js';
import type { TestServer } from '../support/test-server.js';

const lockBody = (scope: 'exclusive' | 'shared'): string =>
  `<?xml version="1.0"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:${scope}/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner>tester</D:owner></D:lockinfo>`;
const tokenOf = (response: { headers: Headers }): string => /<([^>]+)>/.exec(response.headers.get('lock-token') ?? '')![1]!;

/** Locks, and every kind of bad input WebDAV must refuse without changing anything. */
describe.each(testDialects())('WebDAV locks and bad input (%s)', (dialect) => {
  let server: TestServer;
  let client: TestClient;
  let dav: DavClient;
  let rootId: string;
  let other: DavClient;

  beforeAll(async () => {
    ({ server, client, dav, rootId } = await startDavServer(dialect));
    const { client: otherClient } = await createUser(client, 'other@example.com', 'another long password');
    other = new DavClient(server.url, 'other@example.com', otherClient.token!);
  });
  afterAll(async () => server?.close());

  it('LOCK grants a urn:uuid token with a timeout; writes then need the token; UNLOCK releases it', async () => {
    await dav.request('PUT', '/dav/locked.txt', { body: 'v1' });
    const locked = await dav.request('LOCK', '/dav/locked.txt', { body: lockBody('exclusive'), headers: { timeout: 'Second-600' } });
    expect(locked.status).toBe(200);
    const token = tokenOf(locked);
    expect(token).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(locked.text).toMatch(/<D:timeout>Second-(600|599)<\/D:timeout>/);
    expect(locked.text).toContain('<D:owner>tester</D:owner>');

    expect((await dav.request('PUT', '/dav/locked.txt', { body: 'v2' })).status).toBe(423);
    expect((await dav.request('DELETE', '/dav/locked.txt')).status).toBe(423);
    expect((await dav.request('LOCK', '/dav/locked.txt', { body: lockBody('shared') })).status).toBe(423);
    expect((await dav.request('PUT', '/dav/locked.txt', { body: 'v2', headers: { if: `(<${token}>)` } })).status).toBe(204);
    const discovered = await dav.propfind('/dav/locked.txt', '0', '<D:propfind xmlns:D="DAV:"><D:prop><D:lockdiscovery/></D:prop></D:propfind>');
    expect(discovered.text).toContain(token);

    const refreshed = await dav.request('LOCK', '/dav/locked.txt', { headers: { if: `(<${token}>)`, timeout: 'Second-120' } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.text).toMatch(/Second-1(20|19)/);
    expect((await dav.request('UNLOCK', '/dav/locked.txt', { headers: { 'lock-token': '<urn:uuid:00000000-0000-0000-0000-000000000000>' } })).status).toBe(409);
    expect((await dav.request('UNLOCK', '/dav/locked.txt', { headers: { 'lock-token': `<${token}>` } })).status).toBe(204);
    expect((await dav.request('PUT', '/dav/locked.txt', { body: 'v3' })).status).toBe(204);
  });

  it('a depth-infinity lock on a folder covers new members; shared locks coexist; expired locks stop applying', async () => {
    await dav.request('MKCOL', '/dav/lockdir/');
    const lock = await dav.request('LOCK', '/dav/lockdir/', { body: lockBody('shared'), headers: { timeout: 'Second-1' } });
    expect(lock.status).toBe(200);
    const second = await dav.request('LOCK', '/dav/lockdir/', { body: lockBody('shared') });
    expect(second.status).toBe(200);
    expect((await dav.request('PUT', '/dav/lockdir/new.txt', { body: 'x' })).status).toBe(423);
    expect((await dav.request('PUT', '/dav/lockdir/new.txt', { body: 'x', headers: { if: `(<${tokenOf(second)}>)` } })).status).toBe(201);
    expect((await dav.request('UNLOCK', '/dav/lockdir/', { headers: { 'lock-token': `<${tokenOf(second)}>` } })).status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect((await dav.request('PUT', '/dav/lockdir/later.txt', { body: 'x' })).status).toBe(201);
  });

  it('LOCK on an unmapped address creates an empty file (201); 409 when its folder is missing', async () => {
    const created = await dav.request('LOCK', '/dav/lock-null.txt', { body: lockBody('exclusive') });
    expect(created.status).toBe(201);
    expect((await dav.bytes('/dav/lock-null.txt')).bytes.length).toBe(0);
    expect(await listNames(client, rootId)).toContain('lock-null.txt');
    expect((await dav.request('LOCK', '/dav/no-folder/x.txt', { body: lockBody('exclusive') })).status).toBe(409);
  });

  it('a lock token from another user unlocks nothing and satisfies no lock', async () => {
    await dav.request('PUT', '/dav/mine.txt', { body: 'mine' });
    const mine = tokenOf(await dav.request('LOCK', '/dav/mine.txt', { body: lockBody('exclusive') }));
    await other.request('PUT', '/dav/theirs.txt', { body: 'theirs' });
    const theirs = tokenOf(await other.request('LOCK', '/dav/theirs.txt', { body: lockBody('exclusive') }));
    expect((await other.request('UNLOCK', '/dav/mine.txt', { headers: { 'lock-token': `<${mine}>` } })).status).toBe(404);
    expect((await dav.request('UNLOCK', '/dav/mine.txt', { headers: { 'lock-token': `<${theirs}>` } })).status).toBe(409);
    expect((await dav.request('PUT', '/dav/mine.txt', { body: 'x', headers: { if: `(<${theirs}>)` } })).status).toBe(423);
    expect((await dav.bytes('/dav/mine.txt')).bytes.toString()).toBe('mine');
    expect((await other.request('PUT', '/dav/theirs.txt', { body: 'x', headers: { if: `(<${mine}>)` } })).status).toBe(423);
  });

  it('refuses XML with a DOCTYPE: external entities (XXE) and entity expansion (billion laughs), with 400', async () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><D:propfind xmlns:D="DAV:"><D:prop><D:displayname>&xxe;</D:displayname></D:prop></D:propfind>';
    const xxeAnswer = await dav.propfind('/dav/', '0', xxe);
    expect(xxeAnswer.status).toBe(400);
    expect(xxeAnswer.text).not.toContain('root:');
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><x xmlns="urn:x">&lol9;</x></D:prop></D:set></D:propertyupdate>`;
    await dav.request('PUT', '/dav/laughs.txt', { body: 'x' });
    expect((await dav.request('PROPPATCH', '/dav/laughs.txt', { body: laughs })).status).toBe(400);
    expect((await dav.request('LOCK', '/dav/laughs.txt', { body: '<!DOCTYPE x><D:lockinfo xmlns:D="DAV:"/>' })).status).toBe(400);
    expect((await dav.propfind('/dav/laughs.txt', '0', '<D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>')).text).not.toContain('urn:x');
    expect((await dav.propfind('/dav/', '0', '<D:propfind xmlns:D="DAV:"><D:prop>')).status).toBe(400);
  });

  it('refuses a PROPFIND body over the size limit with 413', async () => {
    const huge = `<D:propfind xmlns:D="DAV:"><D:prop>${'<x:a xmlns:x="urn:x"/>'.repeat(20_000)}</D:prop></D:propfind>`;
    expect((await dav.propfind('/dav/', '0', huge)).status).toBe(413);
  });

  it('refuses Destinations on another host (502), outside /dav/ (502), malformed (400) or missing (400)', async () => {
    await dav.request('PUT', '/dav/src.txt', { body: 'src' });
    expect((await dav.request('MOVE', '/dav/src.txt', { headers: { destination: 'http://elsewhere.example/dav/x.txt' } })).status).toBe(502);
    expect((await dav.request('COPY', '/dav/src.txt', { headers: { destination: `${server.url}/api/v1/x.txt` } })).status).toBe(502);
    expect((await dav.request('COPY', '/dav/src.txt', { headers: { destination: 'http://[bad' } })).status).toBe(400);
    expect((await dav.request('COPY', '/dav/src.txt')).status).toBe(400);
    const names = await listNames(client, rootId);
    expect(names).toContain('src.txt');
    expect(names).not.toContain('x.txt');
  });

  it('refuses a MOVE or COPY of a folder into itself (403) and leaves it in place', async () => {
    await dav.request('MKCOL', '/dav/outer/');
    await dav.request('MKCOL', '/dav/outer/inner/');
    expect((await dav.request('MOVE', '/dav/outer/', { headers: { destination: `${server.url}/dav/outer/inner/outer/` } })).status).toBe(403);
    expect((await dav.request('COPY', '/dav/outer/', { headers: { destination: `${server.url}/dav/outer/copy/` } })).status).toBe(403);
    expect((await dav.request('MOVE', '/dav/outer/', { headers: { destination: `${server.url}/dav/outer/` } })).status).toBe(403);
    expect(hrefsIn((await dav.propfind('/dav/outer/', '1')).text)).toEqual(['/dav/outer/', '/dav/outer/inner/']);
  });

  it('refuses names the API refuses (control characters, "..", a backslash, bad percent-encoding) with 400', async () => {
    for (const bad of ['bad%01name.txt', 'back%5Cslash.txt', 'trailing%20', '%E0%A4%A.txt', 'enc%2Fslash.txt']) {
      const response = await dav.request('PUT', `/dav/${bad}`, { body: 'x' });
      expect({ bad, status: response.status }).toEqual({ bad, status: 400 });
    }
    expect((await dav.request('MKCOL', '/dav/x%00y/')).status).toBe(400);
    expect((await dav.request('DELETE', '/dav/frag/#ment')).status).not.toBe(204);
    const names = await listNames(client, rootId);
    expect(names.some((n) => n.startsWith('bad') || n.startsWith('back') || n.startsWith('enc'))).toBe(false);
  });

  it('rate-limits failed Basic attempts per address', async () => {
    const wrong = `Basic ${Buffer.from(`${dav.email}:cf1.wrong.wrong`).toString('base64')}`;
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await dav.request('PROPFIND', '/dav/', { auth: wrong, headers: { depth: '0' } })).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
