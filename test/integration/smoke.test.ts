import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { adminEmail, adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

describe.each(testDialects())('server on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(async () => server?.close());

  it('stores and returns a file byte for byte', async () => {
    const client = new TestClient(server.api);
    const me = await client.signIn(adminEmail, adminPassword);
    const data = Buffer.from('hello coffer');
    const upload = await client.upload(me.rootFolderId, 'hello.txt', data);
    expect(upload.status).toBe(201);
    const download = await client.download(upload.body.id);
    expect(download.status).toBe(200);
    expect(download.bytes.equals(data)).toBe(true);
  });
});
