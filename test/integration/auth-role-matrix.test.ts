import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../src/api/routes.js';
import type { RouteContract } from '../../src/api/contract.js';
import { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { createUser } from '../support/integration-helpers.js';
import { adminEmail, adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

type Principal = {
  name: string;
  role: 'admin' | 'user' | 'guest' | 'auditor' | 'anonymous';
  scope: 'full' | 'api' | 'read-only' | 'dav';
  token: string | undefined;
};

/**
 * The policy, written out again independently of src/http/authorize.ts, and checked against every route of the
 * contract: a route added later is covered without touching this file.
 */
function expected(route: RouteContract, who: Principal): 'allowed' | 'auth.required' | 'auth.forbidden' | 'auth.scope_denied' {
  if (route.auth === 'none') return 'allowed';
  if (who.role === 'anonymous') return 'auth.required';
  const roleOk =
    route.auth === 'session' ||
    route.auth === 'account' ||
    (route.auth === 'member' && (who.role === 'user' || who.role === 'admin')) ||
    (route.auth === 'audit' && (who.role === 'admin' || who.role === 'auditor')) ||
    (route.auth === 'admin' && who.role === 'admin');
  if (!roleOk) return 'auth.forbidden';
  if (who.scope === 'full') return 'allowed';
  if (who.scope === 'dav') return 'auth.scope_denied';
  if (route.auth === 'account' || route.auth === 'admin') return 'auth.scope_denied';
  if (who.scope === 'read-only' && route.method !== 'GET') return 'auth.scope_denied';
  return 'allowed';
}

const fakeId = 'a'.repeat(26);
// Calls that would end the caller's own session go last.
const lastOnes: Record<string, number> = { revokeOtherSessions: 1, signOut: 2 };

function requestFor(route: RouteContract): { path: string; init: RequestInit } {
  const path = route.path.replace(/:kind/g, 'totp').replace(/:[A-Za-z]+/g, fakeId);
  const query = route.method === 'GET' || route.body === 'stream' ? `?parentId=${fakeId}&name=x&path=/` : '';
  let body: string | undefined;
  let contentType: string | undefined;
  if (route.body === 'stream') {
    contentType = 'application/octet-stream';
    body = '';
  } else if (route.body === 'multipart') {
    contentType = 'multipart/form-data; boundary=x';
    body = '--x--\r\n';
  } else if (route.method !== 'GET' && route.method !== 'DELETE') {
    contentType = 'application/json';
    body = '{}';
  }
  return {
    path: path + query,
    init: { method: route.method, headers: contentType ? { 'content-type': contentType } : {}, ...(body !== undefined ? { body } : {}) },
  };
}

describe.each(testDialects())('role × route matrix on %s', (dialect) => {
  let server: TestServer;
  const principals: Principal[] = [];

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const admin = new TestClient(server.api);
    await admin.signIn(adminEmail, adminPassword);
    const { client: user } = await createUser(admin, 'user@example.com', 'a long enough password 1');
    const { client: guest } = await createUser(admin, 'guest@example.com', 'a long enough password 2', { role: 'guest' });
    const { client: auditor } = await createUser(admin, 'auditor@example.com', 'a long enough password 3', { role: 'auditor' });
    const appPassword = async (scope: string) => {
      const created = await user.json('POST', '/me/app-passwords', { label: `matrix ${scope}`, scope });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.token as string;
    };
    // App passwords first: the full sessions later revoke every other session of their account.
    principals.push(
      { name: 'anonymous', role: 'anonymous', scope: 'full', token: undefined },
      { name: 'user app password (api)', role: 'user', scope: 'api', token: await appPassword('api') },
      { name: 'user app password (read-only)', role: 'user', scope: 'read-only', token: await appPassword('read-only') },
      { name: 'user app password (dav)', role: 'user', scope: 'dav', token: await appPassword('dav') },
      { name: 'guest', role: 'guest', scope: 'full', token: guest.token },
      { name: 'auditor', role: 'auditor', scope: 'full', token: auditor.token },
      { name: 'user', role: 'user', scope: 'full', token: user.token },
      { name: 'admin', role: 'admin', scope: 'full', token: admin.token },
    );
  });
  afterAll(async () => server?.close());

  it('lets each role and scope reach exactly the routes the policy allows', async () => {
    const routes = Object.entries(api as Record<string, RouteContract>).sort(([a], [b]) => (lastOnes[a] ?? 0) - (lastOnes[b] ?? 0));
    expect(routes.length).toBeGreaterThan(40);
    const mismatches: string[] = [];
    let checked = 0;
    const tally: Record<string, number> = {};
    for (const who of principals) {
      for (const [name, route] of routes) {
        const { path, init } = requestFor(route);
        const headers = { ...(init.headers as Record<string, string>), ...(who.token ? { authorization: `Bearer ${who.token}` } : {}) };
        const response = await fetch(server.api + path, { ...init, headers });
        const text = await response.text();
        const code = text.startsWith('{') ? ((JSON.parse(text) as { error?: { code?: string } }).error?.code ?? 'ok') : 'ok';
        const want = expected(route, who);
        tally[want] = (tally[want] ?? 0) + 1;
        const denied = ['auth.required', 'auth.forbidden', 'auth.scope_denied', 'auth.session_invalid'].includes(code);
        const ok = want === 'allowed' ? !denied : code === want && response.status === (want === 'auth.required' ? 401 : 403);
        if (!ok) mismatches.push(`${who.name} ${route.method} ${route.path} (${name}): wanted ${want}, got ${response.status} ${code}`);
        checked += 1;
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(principals.length * routes.length);
    // Every outcome occurs, so the matrix cannot pass by allowing (or refusing) everything.
    expect(Object.keys(tally).sort()).toEqual(['allowed', 'auth.forbidden', 'auth.required', 'auth.scope_denied']);
  });
});
