import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hrefsIn, startDavServer, type DavClient } from '../support/dav-client.js';
import { testDialects } from '../support/dialects.js';
import type { TestClient } from '../support/http-client.js';
import { listNames } from '../support/integration-helpers.js';
import type { TestServer } from '../support/test-server.js';

/** Each WebDAV method over real HTTP, against the same files the REST API sees. */
describe.each(testDialects())('WebDAV methods (%s)', (dialect) => {
  let server: TestServer;
  let client: TestClient;
  let dav: DavClient;
  let rootId: string;

  beforeAll(async () => {
    ({ server, client, dav, rootId } = await startDavServer(dialect));
  });
  afterAll(async () => server?.close());

  it('answers OPTIONS on /, /dav and /dav/ with the WebDAV classes, without credentials', async () => {
    for (const path of ['/', '/dav', '/dav/']) {
      const response = await dav.request('OPTIONS', path, { auth: null });
      expect(response.status).toBe(200);
      expect(response.headers.get('dav')).toBe('1, 2');
      expect(response.headers.get('ms-author-via')).toBe('DAV');
      expect(response.headers.get('allow')).toContain('PROPFIND');
    }
  });

  it('asks for Basic credentials, and refuses a wrong token or an email that is not the token owner', async () => {
    const none = await dav.propfind('/dav/', '0');
    expect(none.status).toBe(207);
    const anonymous = await dav.request('PROPFIND', '/dav/', { auth: null, headers: { depth: '0' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm="Coffer"/);
    const wrongToken = await dav.request('PROPFIND', '/dav/', { auth: `Basic ${Buffer.from(`${dav.email}:cf1.nope.nope`).toString('base64')}` });
    expect(wrongToken.status).toBe(401);
    const otherEmail = await dav.request('PROPFIND', '/dav/', { auth: `Basic ${Buffer.from(`someone@example.com:${dav.token}`).toString('base64')}` });
    expect(otherEmail.status).toBe(401);
    const bearer = await dav.request('PROPFIND', '/dav/', { auth: `Bearer ${dav.token}` });
    expect(bearer.status).toBe(401);
  });

  it('accepts the browser session cookie', async () => {
    const response = await dav.request('PROPFIND', '/dav/', { auth: null, headers: { depth: '0', cookie: `coffer_session=${dav.token}` } });
    expect(response.status).toBe(207);
  });

  it('lists with PROPFIND depth 0 and 1 (a missing Depth is 1), refuses infinity with 403 propfind-finite-depth', async () => {
    const folder = await dav.request('MKCOL', '/dav/listing');
    expect(folder.status).toBe(201);
    expect((await dav.request('PUT', '/dav/listing/a.txt', { body: 'hello' })).status).toBe(201);
    expect((await dav.request('MKCOL', '/dav/listing/sub')).status).toBe(201);

    const zero = await dav.propfind('/dav/listing', '0');
    expect(zero.status).toBe(207);
    expect(hrefsIn(zero.text)).toEqual(['/dav/listing/']);
    const one = await dav.propfind('/dav/listing/', '1');
    expect(hrefsIn(one.text)).toEqual(['/dav/listing/', '/dav/listing/sub/', '/dav/listing/a.txt']);
    expect(one.text).toContain('<D:getcontentlength>5</D:getcontentlength>');
    expect(one.text).toContain('<D:resourcetype><D:collection/></D:resourcetype>');
    const missing = await dav.propfind('/dav/listing/', undefined);
    expect(hrefsIn(missing.text)).toHaveLength(3);

    const infinity = await dav.propfind('/dav/listing/', 'infinity');
    expect(infinity.status).toBe(403);
    expect(infinity.text).toContain('<D:propfind-finite-depth/>');
    expect((await dav.propfind('/dav/nothing-here', '0')).status).toBe(404);
  });

  it('answers named properties, 404 for unknown ones, propname, and the RFC 4331 quota properties', async () => {
    const body =
      '<?xml version="1.0"?><D:propfind xmlns:D="DAV:" xmlns:x="urn:x"><D:prop><D:getetag/><D:quota-used-bytes/><D:quota-available-bytes/><x:nope/></D:prop></D:propfind>';
    const response = await dav.propfind('/dav/', '0', body);
    expect(response.status).toBe(207);
    expect(response.text).toMatch(/<D:quota-used-bytes>\d+<\/D:quota-used-bytes>/);
    expect(response.text).toMatch(/<nope xmlns="urn:x"\/><\/D:prop><D:status>HTTP\/1.1 404 Not Found/);
    const names = await dav.propfind('/dav/', '0', '<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:propname/></D:propfind>');
    expect(names.text).toContain('<D:getlastmodified/>');
    expect(names.text).not.toContain('GMT');
  });

  it('stores dead properties sealed, refuses DAV: properties with 403 and applies nothing then', async () => {
    expect((await dav.request('PUT', '/dav/props.txt', { body: 'x' })).status).toBe(201);
    const secret = `Secret-${randomBytes(6).toString('hex')}`;
    const set = await dav.request('PROPPATCH', '/dav/props.txt', {
      body: `<?xml version="1.0"?><D:propertyupdate xmlns:D="DAV:" xmlns:z="urn:z"><D:set><D:prop><z:note>${secret}</z:note></D:prop></D:set></D:propertyupdate>`,
    });
    expect(set.status).toBe(207);
    expect(set.text).toContain('HTTP/1.1 200 OK');
    const read = await dav.propfind('/dav/props.txt', '0', '<D:propfind xmlns:D="DAV:"><D:prop><z:note xmlns:z="urn:z"/></D:prop></D:propfind>');
    expect(read.text).toContain(`<note xmlns="urn:z">${secret}</note>`);

    const mixed = await dav.request('PROPPATCH', '/dav/props.txt', {
      body: '<D:propertyupdate xmlns:D="DAV:" xmlns:z="urn:z"><D:set><D:prop><D:getetag>x</D:getetag><z:other>y</z:other></D:prop></D:set></D:propertyupdate>',
    });
    expect(mixed.text).toContain('HTTP/1.1 403 Forbidden');
    expect(mixed.text).toContain('HTTP/1.1 424 Failed Dependency');
    const after = await dav.propfind('/dav/props.txt', '0', '<D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>');
    expect(after.text).not.toContain('urn:z"><other');
    const { readFileSync, readdirSync } = await import('node:fs');
    if (dialect === 'sqlite') {
      const stored = readdirSync(server.dataDir).filter((f) => f.endsWith('.db') || f.endsWith('-wal'));
      expect(stored).toContain('coffer.db');
      for (const file of stored) expect(readFileSync(`${server.dataDir}/${file}`).includes(Buffer.from(secret))).toBe(false);
    }
  });

  it('PUT streams a new file and a new version, visible through the REST API; GET and HEAD with Range and ETag', async () => {
    const data = randomBytes(300_000);
    const created = await dav.request('PUT', '/dav/data.bin', { body: data });
    expect(created.status).toBe(201);
    const etag = created.headers.get('etag')!;
    expect(await listNames(client, rootId)).toContain('data.bin');

    const whole = await dav.bytes('/dav/data.bin');
    expect(whole.status).toBe(200);
    expect(whole.bytes.equals(data)).toBe(true);
    expect(whole.headers.get('etag')).toBe(etag);
    const part = await dav.bytes('/dav/data.bin', { range: 'bytes=1000-1999' });
    expect(part.status).toBe(206);
    expect(part.bytes.equals(data.subarray(1000, 2000))).toBe(true);
    expect((await dav.bytes('/dav/data.bin', { 'if-none-match': etag })).status).toBe(304);
    const head = await dav.request('HEAD', '/dav/data.bin');
    expect(head.headers.get('content-length')).toBe(String(data.length));

    const replaced = await dav.request('PUT', '/dav/data.bin', { body: 'v2', headers: { 'if-match': etag } });
    expect(replaced.status).toBe(204);
    expect((await dav.bytes('/dav/data.bin')).bytes.toString()).toBe('v2');
    const resolved = await client.json('GET', `/resolve?path=${encodeURIComponent('/data.bin')}`);
    const versions = await client.json('GET', `/files/${resolved.body.node.id}/versions`);
    expect(versions.status).toBe(200);
    expect(versions.body.versions).toHaveLength(2);
    expect((await dav.request('PUT', '/dav/data.bin', { body: 'v3', headers: { 'if-match': etag } })).status).toBe(412);
    expect((await dav.request('PUT', '/dav/data.bin', { body: 'v3', headers: { 'if-none-match': '*' } })).status).toBe(412);
    expect((await dav.request('PUT', '/dav/no/such/folder.txt', { body: 'x' })).status).toBe(409);
    expect((await dav.request('PUT', '/dav/listing', { body: 'x' })).status).toBe(405);
    expect((await dav.request('PUT', '/dav/data.bin', { body: 'x', headers: { 'content-range': 'bytes 0-0/2' } })).status).toBe(400);
    expect((await dav.bytes('/dav/data.bin')).bytes.toString()).toBe('v2');
  });

  it('MKCOL creates folders: 405 when something exists, 409 without a parent, 415 with a body', async () => {
    expect((await dav.request('MKCOL', '/dav/made/')).status).toBe(201);
    expect((await dav.request('MKCOL', '/dav/made/')).status).toBe(405);
    expect((await dav.request('MKCOL', '/dav/missing/child/')).status).toBe(409);
    expect((await dav.request('MKCOL', '/dav/bodied/', { body: '<x/>', headers: { 'content-type': 'application/xml' } })).status).toBe(415);
    expect(await listNames(client, rootId)).not.toContain('bodied');
  });

  it('DELETE moves to the trash (restorable through the API) and frees the name', async () => {
    expect((await dav.request('PUT', '/dav/doomed.txt', { body: 'bye' })).status).toBe(201);
    expect((await dav.request('DELETE', '/dav/doomed.txt')).status).toBe(204);
    expect((await dav.bytes('/dav/doomed.txt')).status).toBe(404);
    const trash = await client.json('GET', '/trash');
    expect(JSON.stringify(trash.body)).toContain('doomed.txt');
    expect((await dav.request('DELETE', '/dav/doomed.txt')).status).toBe(404);
    expect((await dav.request('DELETE', '/dav/')).status).toBe(403);
  });

  it('COPY and MOVE files and folders with Overwrite and Depth', async () => {
    await dav.request('MKCOL', '/dav/cm/');
    await dav.request('PUT', '/dav/cm/one.txt', { body: 'one' });
    await dav.request('PUT', '/dav/cm/two.txt', { body: 'two' });
    const dest = (p: string): Record<string, string> => ({ destination: `${server.url}/dav/${p}` });
    expect((await dav.request('COPY', '/dav/cm/one.txt', { headers: dest('cm/copy.txt') })).status).toBe(201);
    expect((await dav.bytes('/dav/cm/copy.txt')).bytes.toString()).toBe('one');
    expect((await dav.request('COPY', '/dav/cm/two.txt', { headers: { ...dest('cm/copy.txt'), overwrite: 'F' } })).status).toBe(412);
    expect((await dav.request('COPY', '/dav/cm/two.txt', { headers: dest('cm/copy.txt') })).status).toBe(204);
    expect((await dav.bytes('/dav/cm/copy.txt')).bytes.toString()).toBe('two');
    expect((await dav.request('COPY', '/dav/cm/', { headers: { ...dest('cm-shallow/'), depth: '0' } })).status).toBe(201);
    expect(hrefsIn((await dav.propfind('/dav/cm-shallow/', '1')).text)).toEqual(['/dav/cm-shallow/']);
    expect((await dav.request('COPY', '/dav/cm/', { headers: dest('cm-deep/') })).status).toBe(201);
    expect(hrefsIn((await dav.propfind('/dav/cm-deep/', '1')).text)).toHaveLength(4);
    expect((await dav.request('COPY', '/dav/cm/', { headers: { ...dest('cm-x/'), depth: '1' } })).status).toBe(400);

    expect((await dav.request('MOVE', '/dav/cm/one.txt', { headers: dest('cm-deep/moved.txt') })).status).toBe(201);
    expect((await dav.bytes('/dav/cm/one.txt')).status).toBe(404);
    expect((await dav.bytes('/dav/cm-deep/moved.txt')).bytes.toString()).toBe('one');
    expect((await dav.request('MOVE', '/dav/cm-deep/', { headers: dest('cm-renamed/') })).status).toBe(201);
    expect((await dav.bytes('/dav/cm-renamed/moved.txt')).bytes.toString()).toBe('one');
    expect((await dav.request('MOVE', '/dav/cm-renamed/', { headers: { ...dest('cm/'), overwrite: 'F' } })).status).toBe(412);
    expect((await dav.request('MOVE', '/dav/cm-renamed/', { headers: dest('cm/') })).status).toBe(204);
    expect(hrefsIn((await dav.propfind('/dav/cm/', '1')).text)).toContain('/dav/cm/moved.txt');
    expect((await dav.request('MOVE', '/dav/cm/', { headers: dest('nowhere/cm/') })).status).toBe(409);
  });

  it('handles percent-encoded, Unicode and NFD names as the same NFC names the API shows; AppleDouble files are ordinary files', async () => {
    const nfd = 'Cafe\u0301 ü.txt'.normalize('NFD');
    expect((await dav.request('PUT', `/dav/${encodeURIComponent(nfd)}`, { body: 'café' })).status).toBe(201);
    expect(await listNames(client, rootId)).toContain('Café ü.txt'.normalize('NFC'));
    expect((await dav.bytes(`/dav/${encodeURIComponent('Café ü.txt'.normalize('NFC'))}`)).bytes.toString()).toBe('café');
    expect(hrefsIn((await dav.propfind('/dav/', '1')).text)).toContain('/dav/Café ü.txt'.normalize('NFC'));
    expect((await dav.request('PUT', '/dav/._Caf%C3%A9', { body: 'apple double' })).status).toBe(201);
    expect((await dav.request('PUT', '/dav/.DS_Store', { body: 'finder' })).status).toBe(201);
  });
});
