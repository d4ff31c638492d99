import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('first-run setup page', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(async () => server?.close());

  it('is served with a strict Content-Security-Policy and no inline script', async () => {
    const page = await fetch(`${server.url}/setup`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/setup/setup.js"></script>');
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    for (const asset of ['/setup/setup.js', '/setup/setup.css']) {
      const response = await fetch(server.url + asset);
      expect(response.status).toBe(200);
      expect((await response.text()).length).toBeGreaterThan(100);
    }
  });

  it('reads the token from the URL fragment, never from the query string', async () => {
    const script = await (await fetch(`${server.url}/setup/setup.js`)).text();
    expect(script).toContain('location.hash');
    expect(script).not.toContain('location.search');
  });
});
