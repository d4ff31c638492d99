import { api } from '../api/index.js';
import type { RouteContract } from '../api/index.js';
import type { BodyIn, ParamsIn, QueryIn, RequestParts, ResultOf } from './contract-types.js';
import { fileNameFromDisposition, guardDownloadStream } from './download-stream.js';
import { passphraseHeaders } from './passphrase.js';
import { authHeaders, buildUrl, parseResult, requestJson, send, type LooseParts, type Transport } from './request.js';
import { SharingClient } from './sharing-client.js';
import { uploadResumable, type ResumableOptions, type ResumableResult, type ResumableTarget } from './resumable-upload.js';
import { prepareUploadBody, type UploadBody, type UploadProgress } from './upload-body.js';

type Api = typeof api;
type Id = ParamsIn<Api['getNode']>['id'];

export interface CofferClientOptions {
  /** Where the server is, e.g. `https://drive.example.com` (without `/api/v1`). */
  readonly baseUrl: string;
  /** Bearer token from `signIn({ kind: 'token' })`; omit for browser sessions that use the cookie. */
  readonly token?: string | undefined;
  /** A fetch to use instead of the global one (tests, proxies, custom agents). */
  readonly fetch?: typeof globalThis.fetch;
}

export interface UploadOptions {
  /** Declared size; taken from a Uint8Array or Blob body when not given. Lets the server refuse early on quota. */
  readonly contentLength?: number;
  readonly contentType?: string;
  /** The file's custom passphrase, if it has or should get one. */
  readonly passphrase?: string;
  readonly onProgress?: (progress: UploadProgress) => void;
  readonly signal?: AbortSignal;
}

export interface DownloadOptions {
  /** A version id; the current version when omitted. */
  readonly version?: Id;
  /** Inclusive byte range, as in an HTTP Range header. */
  readonly range?: { readonly start: number; readonly end?: number };
  readonly passphrase?: string;
  readonly signal?: AbortSignal;
}

export interface DownloadResult {
  /** The content; errors with CofferApiError('download.incomplete') if it ends short or breaks. */
  readonly stream: ReadableStream<Uint8Array>;
  /** Bytes in this answer (the range length for a range request), when the server declared it. */
  readonly size: number | undefined;
  readonly contentType: string | undefined;
  readonly fileName: string | undefined;
  readonly etag: string | undefined;
  /** true for a 206 answer to a range request. */
  readonly partial: boolean;
}

/**
 * Typed client for the Coffer REST API, shared by the web UI, the CLI and the end-to-end tests.
 * It only needs `fetch` and web streams, so it runs in browsers and in Node alike. Each method is
 * named after its route in src/api/routes.ts, whose `summary` says what it does; every failure is a
 * CofferApiError with a stable `code`. It is one flat list of one-line methods (one per route, about 400 lines):
 * splitting it by area would only move them; sharing already lives in `client.sharing` (sharing-client.ts).
 *
 * @example
 * const anonymous = new CofferClient({ baseUrl: 'https://drive.example.com' });
 * const { token } = await anonymous.signIn({ email, password, kind: 'token', label: 'backup script' });
 * const client = anonymous.withToken(token ?? undefined);
 * const { node } = await client.resolvePath('/Documents');
 * const file = await client.uploadFile({ parentId: node.id, name: 'notes.txt' }, new TextEncoder().encode('hello'));
 */
export class CofferClient {
  readonly baseUrl: string;
  readonly token: string | undefined;
  readonly #fetch: typeof globalThis.fetch;

  constructor(options: CofferClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token;
    // Looked up at call time so a fetch replaced after construction (tests, polyfills) is used.
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** Sharing with users, public links and file requests. */
  get sharing(): SharingClient {
    return new SharingClient(this);
  }

  /** The same server with another token (or none). */
  withToken(token: string | undefined): CofferClient {
    return new CofferClient({ baseUrl: this.baseUrl, token, fetch: this.#fetch });
  }

  /** Calls any JSON route of the contract; the named methods below are thin wrappers over it. */
  request<C extends RouteContract>(contract: C, parts: RequestParts<C>, signal?: AbortSignal): Promise<ResultOf<C>> {
    return requestJson(this.#transport(), contract, parts as LooseParts, signal) as Promise<ResultOf<C>>;
  }

  health() {
    return this.request(api.health, {});
  }
  setupStatus() {
    return this.request(api.setupStatus, {});
  }
  setup(body: BodyIn<Api['setup']>) {
    return this.request(api.setup, { body });
  }

  signIn(body: BodyIn<Api['signIn']>) {
    return this.request(api.signIn, { body });
  }
  signOut() {
    return this.request(api.signOut, {});
  }
  register(body: BodyIn<Api['register']>) {
    return this.request(api.register, { body });
  }
  recover(body: BodyIn<Api['recover']>) {
    return this.request(api.recover, { body });
  }
  me() {
    return this.request(api.me, {});
  }
  changePassword(body: BodyIn<Api['changePassword']>) {
    return this.request(api.changePassword, { body });
  }
  /** Deletes the signed-in account for good (keys, sessions, files); the password is asked again as confirmation. */
  deleteAccount(body: BodyIn<Api['deleteAccount']>) {
    return this.request(api.deleteAccount, { body });
  }

  /** Streams a zip of everything the account owns (decrypted files plus coffer-export.json). */
  async exportAccount(options: { signal?: AbortSignal } = {}): Promise<ReadableStream<Uint8Array>> {
    const transport = this.#transport();
    const url = buildUrl(this.baseUrl, api.exportAccount.path, {}, {});
    const response = await send(transport, url, { method: api.exportAccount.method, headers: { ...authHeaders(transport) }, signal: options.signal });
    return response.body ?? new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
  }

  listUsers() {
    return this.request(api.listUsers, {});
  }
  createUser(body: BodyIn<Api['createUser']>) {
    return this.request(api.createUser, { body });
  }
  updateUser(id: Id, body: BodyIn<Api['updateUser']>) {
    return this.request(api.updateUser, { params: { id }, body });
  }

  // Strong sign-in, own security settings, admin console (issue 4).
  secondFactor(body: BodyIn<Api['secondFactor']>) {
    return this.request(api.secondFactor, { body });
  }
  resendCode(challenge: string) {
    return this.request(api.resendCode, { body: { challenge } });
  }
  acceptInvitation(body: BodyIn<Api['acceptInvitation']>) {
    return this.request(api.acceptInvitation, { body });
  }
  myFactors() {
    return this.request(api.myFactors, {});
  }
  enableEmailFactor() {
    return this.request(api.enableEmailFactor, {});
  }
  startTotp() {
    return this.request(api.startTotp, {});
  }
  confirmTotp(code: string) {
    return this.request(api.confirmTotp, { body: { code } });
  }
  removeFactor(kind: ParamsIn<Api['removeFactor']>['kind']) {
    return this.request(api.removeFactor, { params: { kind } });
  }
  newRecoveryCodes() {
    return this.request(api.newRecoveryCodes, {});
  }
  listPasskeys() {
    return this.request(api.listPasskeys, {});
  }
  passkeyRegistrationOptions() {
    return this.request(api.passkeyRegistrationOptions, {});
  }
  registerPasskey(body: BodyIn<Api['registerPasskey']>) {
    return this.request(api.registerPasskey, { body });
  }
  renamePasskey(id: string, label: string) {
    return this.request(api.renamePasskey, { params: { id }, body: { label } });
  }
  removePasskey(id: string) {
    return this.request(api.removePasskey, { params: { id } });
  }
  passwordlessEnableOptions(id: string) {
    return this.request(api.passwordlessEnableOptions, { params: { id } });
  }
  enablePasswordless(id: string, body: BodyIn<Api['enablePasswordless']>) {
    return this.request(api.enablePasswordless, { params: { id }, body });
  }
  disablePasswordless(id: string) {
    return this.request(api.disablePasswordless, { params: { id } });
  }
  passwordlessOptions() {
    return this.request(api.passwordlessOptions, {});
  }
  passwordlessSignIn(body: BodyIn<Api['passwordlessSignIn']>) {
    return this.request(api.passwordlessSignIn, { body });
  }
  secondFactorPasskeyOptions(challenge: string) {
    return this.request(api.passkeyOptions, { body: { challenge } });
  }
  reauthPasskeyOptions() {
    return this.request(api.reauthPasskeyOptions, {});
  }
  reauthenticate(body: BodyIn<Api['reauthenticate']>) {
    return this.request(api.reauthenticate, { body });
  }
  requestEmailChange(email: string) {
    return this.request(api.requestEmailChange, { body: { email } });
  }
  confirmEmailChange(token: string) {
    return this.request(api.confirmEmailChange, { body: { token } });
  }
  listSessions() {
    return this.request(api.listSessions, {});
  }
  revokeSession(id: Id) {
    return this.request(api.revokeSession, { params: { id } });
  }
  revokeOtherSessions() {
    return this.request(api.revokeOtherSessions, {});
  }
  createAppPassword(body: BodyIn<Api['createAppPassword']>) {
    return this.request(api.createAppPassword, { body });
  }
  deleteUser(id: Id) {
    return this.request(api.deleteUser, { params: { id } });
  }
  inviteUser(body: BodyIn<Api['inviteUser']>) {
    return this.request(api.inviteUser, { body });
  }
  resetUserFactors(id: Id) {
    return this.request(api.resetUserFactors, { params: { id } });
  }
  resetUserPassword(id: Id, body: BodyIn<Api['resetUserPassword']>) {
    return this.request(api.resetUserPassword, { params: { id }, body });
  }
  serverHealth() {
    return this.request(api.serverHealth, {});
  }
  adminEvents(query: QueryIn<Api['adminEvents']> = {}) {
    return this.request(api.adminEvents, { query });
  }
  /** Administrators: starts a scrub of all stored objects (or joins the running one). */
  startScrub() {
    return this.request(api.startScrub, { body: {} });
  }
  /** Administrators: storage backends, counts, the running scrub and the last report. */
  storageHealth() {
    return this.request(api.storageHealth, {});
  }

  getNode(id: Id) {
    return this.request(api.getNode, { params: { id } });
  }
  resolvePath(path: QueryIn<Api['resolvePath']>['path']) {
    return this.request(api.resolvePath, { query: { path } });
  }
  listFolder(id: Id, query: QueryIn<Api['listFolder']> = {}) {
    return this.request(api.listFolder, { params: { id }, query });
  }
  createFolder(body: BodyIn<Api['createFolder']>) {
    return this.request(api.createFolder, { body });
  }
  updateNode(id: Id, body: BodyIn<Api['updateNode']>) {
    return this.request(api.updateNode, { params: { id }, body });
  }
  copyNode(id: Id, body: BodyIn<Api['copyNode']>) {
    return this.request(api.copyNode, { params: { id }, body });
  }

  trashNode(id: Id) {
    return this.request(api.trashNode, { params: { id } });
  }
  listTrash() {
    return this.request(api.listTrash, {});
  }
  restoreNode(id: Id, body?: BodyIn<Api['restoreNode']>) {
    return this.request(api.restoreNode, { params: { id }, body });
  }
  purgeNode(id: Id) {
    return this.request(api.purgeNode, { params: { id } });
  }
  emptyTrash() {
    return this.request(api.emptyTrash, {});
  }

  listVersions(id: Id) {
    return this.request(api.listVersions, { params: { id } });
  }
  restoreVersion(id: Id, versionId: Id) {
    return this.request(api.restoreVersion, { params: { id, versionId } });
  }

  search(q: string, limit?: number) {
    return this.request(api.search, { query: { q, limit } });
  }

  /**
   * The URL of any route, for what a browser fetches by itself: `<img src>`, `<video src>`, or a
   * navigation that downloads (cookie sessions only; a bearer token cannot travel in a URL).
   */
  urlFor<C extends RouteContract>(contract: C, parts: Pick<RequestParts<C>, 'params' | 'query'>): string {
    return buildUrl(this.baseUrl, contract.path, (parts as LooseParts).params, (parts as LooseParts).query);
  }

  /** Where a file's content is served; `inline` asks for display rather than download (active types are always attachments). */
  contentUrl(id: Id, options: { version?: Id; inline?: boolean } = {}): string {
    return this.urlFor(api.downloadFile, { params: { id }, query: { version: options.version, inline: options.inline ? '1' : undefined } });
  }

  /** Where the zip of a selection is served (a GET, so a plain link or navigation downloads it as a stream). */
  archiveUrl(ids: readonly Id[], name?: string): string {
    return this.urlFor(api.downloadArchive, { query: { ids: ids.join(','), name } });
  }

  /** Every child of a folder, fetching page after page. */
  async *iterateFolder(id: Id, query: Omit<QueryIn<Api['listFolder']>, 'cursor'> = {}): AsyncGenerator<ResultOf<Api['listFolder']>['items'][number]> {
    let cursor: string | undefined;
    do {
      const page = await this.listFolder(id, { ...query, cursor });
      yield* page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /** Uploads one file as the raw request body; with `onConflict: 'version'` an existing name gets a new version. */
  uploadFile(query: QueryIn<Api['uploadFile']>, body: UploadBody, options: UploadOptions = {}): Promise<ResultOf<Api['uploadFile']>> {
    return this.#upload(api.uploadFile, { query }, body, options) as Promise<ResultOf<Api['uploadFile']>>;
  }

  /** Adds a version to an existing file. A passphrase-protected file needs its passphrase. */
  uploadVersion(id: Id, body: UploadBody, options: UploadOptions = {}): Promise<ResultOf<Api['uploadVersion']>> {
    return this.#upload(api.uploadVersion, { params: { id } }, body, options) as Promise<ResultOf<Api['uploadVersion']>>;
  }

  /** Uploads over tus 1.0 in resumable chunks (docs/tus.md); a dropped connection costs at most one chunk. */
  uploadResumable(target: ResumableTarget, body: Blob | Uint8Array, options: ResumableOptions = {}): Promise<ResumableResult> {
    return uploadResumable(this.#transport(), target, body, options);
  }

  /** Uploads a multipart form (fields parentId, onConflict, passphrase before the file parts), as a browser form would. */
  async uploadForm(form: FormData, signal?: AbortSignal): Promise<ResultOf<Api['uploadForm']>> {
    const transport = this.#transport();
    const url = buildUrl(this.baseUrl, api.uploadForm.path);
    const response = await send(transport, url, {
      method: api.uploadForm.method,
      headers: { accept: 'application/json', ...authHeaders(transport) },
      body: form,
      signal,
    });
    return (await parseResult(api.uploadForm, response, this.baseUrl)) as ResultOf<Api['uploadForm']>;
  }

  /**
   * Streams a file's content. The returned stream fails with CofferApiError('download.incomplete')
   * when fewer bytes arrive than announced, so write it somewhere temporary until it ends cleanly.
   */
  async download(id: Id, options: DownloadOptions = {}): Promise<DownloadResult> {
    const transport = this.#transport();
    const url = buildUrl(this.baseUrl, api.downloadFile.path, { id }, { version: options.version });
    const headers: Record<string, string> = { ...authHeaders(transport), ...passphraseHeaders(options.passphrase) };
    if (options.range) headers.range = `bytes=${options.range.start}-${options.range.end ?? ''}`;
    const response = await send(transport, url, { method: api.downloadFile.method, headers, signal: options.signal });
    const size = declaredLength(response);
    const body = response.body ?? new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
    return {
      stream: guardDownloadStream(body, size, this.baseUrl),
      size,
      contentType: response.headers.get('content-type') ?? undefined,
      fileName: fileNameFromDisposition(response.headers.get('content-disposition')),
      etag: response.headers.get('etag') ?? undefined,
      partial: response.status === 206,
    };
  }

  async #upload(contract: RouteContract, parts: LooseParts, body: UploadBody, options: UploadOptions): Promise<unknown> {
    const transport = this.#transport();
    const prepared = prepareUploadBody(body, options.contentLength, options.onProgress);
    const headers: Record<string, string> = {
      accept: 'application/json',
      'content-type': options.contentType || (body instanceof Blob && body.type) || 'application/octet-stream',
      ...authHeaders(transport),
      ...passphraseHeaders(options.passphrase),
    };
    if (prepared.contentLength !== undefined) headers['content-length'] = String(prepared.contentLength);
    const url = buildUrl(this.baseUrl, contract.path, parts.params, parts.query);
    // A stream body needs duplex 'half' (Fetch spec, whatwg/fetch#1438); Node's fetch refuses it otherwise.
    const init: RequestInit & { duplex?: 'half' } = { method: contract.method, headers, body: prepared.body as RequestInit['body'], signal: options.signal };
    if (prepared.streaming) init.duplex = 'half';
    const response = await send(transport, url, init);
    return parseResult(contract, response, this.baseUrl);
  }

  #transport(): Transport {
    return { baseUrl: this.baseUrl, token: this.token, fetch: this.#fetch };
  }
}

function declaredLength(response: Response): number | undefined {
  const encoding = response.headers.get('content-encoding');
  // With a content coding, Content-Length counts encoded bytes while the stream yields decoded ones.
  if (encoding && encoding !== 'identity') return undefined;
  const header = response.headers.get('content-length');
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header);
}
