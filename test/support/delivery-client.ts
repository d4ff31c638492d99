import { fromBase64, linkKeys, openLinkRoot, toBase64Url } from '../../src/http/link-page/link-crypto.js';
import { post } from './link-client.js';
import type { SmtpSink } from './smtp-sink.js';
import { TestClient } from './http-client.js';

/** What a recipient of a delivery does, in Node over the same decryptor as the link page: read the mail, ask for a code, open. */
export interface DeliveryLink {
  readonly linkId: string;
  readonly secret: string;
  readonly path: string;
  readonly mail: string;
}

/** The link of the next delivery mail to `to` (the path and the fragment; the host is the test server's). */
export async function deliveryLinkFor(smtp: SmtpSink, to: string): Promise<DeliveryLink> {
  const mail = await smtp.next(to, /sent you a file/);
  const match = /\/s\/([0-9a-z]{26})#([A-Za-z0-9_-]{43})/.exec(mail.text);
  if (!match) throw new Error(`delivery mail without a link: ${mail.text}`);
  return { linkId: match[1]!, secret: match[2]!, path: match[0], mail: mail.text };
}

/** The 6-digit code of the next delivery-code mail to `to`. */
export async function deliveryCodeFor(smtp: SmtpSink, to: string): Promise<string> {
  const mail = await smtp.next(to, /delivery code/);
  const match = /code to open the file sent to you is: (\d{6})/.exec(mail.text);
  if (!match) throw new Error('code mail without a code');
  return match[1]!;
}

export async function requestCode(api: string, link: DeliveryLink) {
  const { access } = await linkKeys(fromBase64(link.secret));
  return post(api, link.linkId, '/code', { access: toBase64Url(access) });
}

export async function openWithCode(api: string, link: DeliveryLink, code?: string) {
  const { access } = await linkKeys(fromBase64(link.secret));
  return post(api, link.linkId, '/open', { access: toBase64Url(access), ...(code === undefined ? {} : { code }) });
}

/** Unwraps the root key and name from a successful open, as the page does. */
export async function openedRoot(link: DeliveryLink, body: any): Promise<{ key: Uint8Array; name: string }> {
  const { kek } = await linkKeys(fromBase64(link.secret));
  const root = body.root;
  return openLinkRoot(kek, link.linkId, { ...root, keyWrapped: fromBase64(root.keyWrapped), nameSealed: fromBase64(root.nameSealed) });
}

/** True when the 6 digits appear as a number of their own (not inside a longer one, such as a timestamp). */
export function containsCode(haystack: Buffer, code: string): boolean {
  return new RegExp(`(?<![0-9])${code}(?![0-9])`).test(haystack.toString('latin1'));
}

/** Signs in on a server that sends mail: the password step, then the sign-in code from the mail. */
export async function signInByMail(client: TestClient, smtp: SmtpSink, email: string, password: string): Promise<any> {
  const first = await client.json('POST', '/auth/sign-in', { email, password });
  if (first.status !== 200 || !first.body.secondFactor) throw new Error(`sign-in failed: ${first.status} ${JSON.stringify(first.body)}`);
  const done = await client.json('POST', '/auth/second-factor', {
    challenge: first.body.secondFactor.challenge,
    method: 'email',
    code: await smtp.code(email),
  });
  if (done.status !== 200) throw new Error(`second step failed: ${done.status} ${JSON.stringify(done.body)}`);
  client.token = done.body.token;
  return done.body.user;
}

/** An account made by the administrator, signed in through the mailed code. */
export async function createMailedUser(
  admin: TestClient,
  smtp: SmtpSink,
  email: string,
  password: string,
  role: 'user' | 'guest' = 'user',
): Promise<TestClient> {
  const created = await admin.json('POST', '/users', { email, password, role });
  if (created.status !== 201) throw new Error(`creating ${email} failed: ${created.status}`);
  const client = new TestClient(admin.api);
  await signInByMail(client, smtp, email, password);
  return client;
}
