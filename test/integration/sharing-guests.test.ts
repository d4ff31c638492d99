import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { startSignedIn, type TestServer } from '../support/test-server.js';
import { expectError, uploadFile } from '../support/integration-helpers.js';
import { downloadShared } from '../support/sharing-helpers.js';

/** Guests: an invitation without mail, a guest account created with it, and the promised share sealed to it. */
describe.each(testDialects())('guest invitations on %s', (dialect) => {
  let server: TestServer;
  let owner: TestClient;
  let rootId: string;

  beforeAll(async () => {
    ({ server, client: owner, rootId } = await startSignedIn(dialect));
  });
  afterAll(async () => server?.close());

  it('invites, lets the guest create an account with the token once, then seals the promised share to the guest', async () => {
    const file = await uploadFile(owner, rootId, 'report.pdf', 'the report for the patient');
    const invited = await owner.json('POST', '/guests/invitations', { email: 'Patient@Example.com', nodeId: file.id });
    expect(invited.status).toBe(201);
    expect(invited.body.invitation).toMatchObject({ email: 'patient@example.com', nodeId: file.id, permission: 'read', accepted: false });
    const { id } = invited.body.invitation;
    const anonymous = new TestClient(server.api);

    expectError(
      await anonymous.json('POST', `/public/guest-invitations/${id}/accept`, {
        token: Buffer.alloc(32, 1).toString('base64url'),
        password: 'guest password 1',
      }),
      404,
      'request.not_found',
    );
    const accepted = await anonymous.json('POST', `/public/guest-invitations/${id}/accept`, { token: invited.body.token, password: 'guest password 1' });
    expect(accepted.status).toBe(201);
    expect(accepted.body.user).toMatchObject({ email: 'patient@example.com', role: 'guest' });
    expect(accepted.body.recoveryKey).toMatch(/^[0-9A-Z]{4}-/);
    expectError(
      await anonymous.json('POST', `/public/guest-invitations/${id}/accept`, { token: invited.body.token, password: 'guest password 1' }),
      404,
      'request.not_found',
    );

    expect((await owner.json('POST', '/guests/invitations/complete', {})).body).toEqual({ shared: 1 });
    expect((await owner.json('GET', '/guests/invitations')).body.invitations).toEqual([]);
    const guest = new TestClient(server.api);
    await guest.signIn('patient@example.com', 'guest password 1');
    const mine = (await guest.json('GET', '/shared-with-me')).body.items;
    expect(mine).toEqual([expect.objectContaining({ node: expect.objectContaining({ name: 'report.pdf' }), permission: 'read' })]);
    expect((await downloadShared(guest, mine[0].shareId)).bytes.toString()).toBe('the report for the patient');

    expectError(await owner.json('POST', '/guests/invitations', { email: 'patient@example.com' }), 409, 'user.email_taken');
  });
});
