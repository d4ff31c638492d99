import { CofferError, newId } from '../../domain/index.js';
import { derivePasswordSecrets, passwordVerifier, randomKey, secretVerifier, verifiersEqual } from '../../crypto/index.js';
import type { LinkRow, LinkTicketRow, NodeRow, Repositories, VersionRow } from '../../db/index.js';
import { refuseWhileBlocked, type AttemptCounter } from '../auth/index.js';
import type { FilesDeps } from '../files/index.js';
import { parseKdf } from '../keyring/index.js';
import { isTrashedOrGone } from './covering-grant.js';
import { linkAccessVerifier, linkTicketLabel } from './link-keys.js';
import type { CodeSent, LinkGate } from './delivery-gate.js';
import type { ShareEvents } from './share-events.js';

/** What the recipient's browser needs to decrypt: wrapped keys and sealed names, never a plaintext key or name. */
export interface LinkEntry {
  readonly id: string;
  readonly parentId: string | null;
  readonly type: 'file' | 'folder';
  readonly size: number;
  readonly modifiedAt: number;
  readonly keyWrapped: Buffer;
  readonly nameSealed: Buffer;
}

export interface OpenedLink {
  readonly ticket: string;
  readonly root: LinkEntry;
  readonly allowDownload: boolean;
  readonly expiresAt: number | null;
}

export interface LinkManifest {
  /** Fetches this version's objects only: it outlives the download limit for the download it counted, nothing else. */
  readonly ticket: string;
  readonly fileId: string;
  readonly versionId: string;
  readonly size: number;
  readonly salt: Buffer;
  readonly commitment: Buffer;
  readonly objectSizes: number[];
}

const ticketLifetimeMs = 60 * 60_000;
const dummyVerifier = linkAccessVerifier(randomKey());

/**
 * Public links, on the visitor's side. A visitor proves the link secret by a value derived from it (never the secret
 * itself), optionally a password, and gets a ticket for the next hour; everything after that (listing a folder, a
 * file's manifest and its stored objects) is served under the ticket, and only as ciphertext the browser decrypts.
 * A missing link, a wrong secret, a revoked, expired or exhausted link all give the same answer, and failures are
 * rate-limited per client address.
 */
export class LinkAccessService {
  constructor(
    private readonly files: FilesDeps,
    private readonly guessLimiter: AttemptCounter,
    private readonly passwordLimiter: AttemptCounter,
    private readonly events: ShareEvents,
    /** The one-time code step of delivery links; plain links pass through it. */
    private readonly gate?: LinkGate,
  ) {}

  private get repos(): Repositories {
    return this.files.store.repos;
  }

  async open(linkId: string, access: Buffer, password: string | undefined, clientAddress: string, code?: string): Promise<OpenedLink> {
    const link = await this.prove(linkId, access, clientAddress);
    if (link.password_verifier && link.password_kdf) await this.checkPassword(link, password, clientAddress);
    await this.gate?.admit(link, access, code, clientAddress);
    const root = await this.repos.nodes.findById(link.node_id);
    if (!root) throw new CofferError('link.not_found');
    const ticket = await this.files.store.transaction(async (repos) => {
      const issued = await this.issueTicket(repos, link.id, root.id, '');
      await this.events.record({ kind: 'link.opened', actorId: null, subjectId: link.id, nodeId: link.node_id, ownerId: link.owner_id }, repos);
      return issued;
    });
    return {
      ticket,
      root: { ...entryOf(root), parentId: null, keyWrapped: link.key_wrapped, nameSealed: link.name_sealed },
      allowDownload: link.allow_download === 1,
      expiresAt: link.expires_at,
    };
  }

  /** Mails a fresh one-time code to a delivery link's recipient; the caller must prove the link secret first. */
  async requestCode(linkId: string, access: Buffer, clientAddress: string): Promise<CodeSent> {
    const link = await this.prove(linkId, access, clientAddress);
    if (!this.gate) throw new CofferError('link.not_found');
    return this.gate.sendCode(link, access, clientAddress);
  }

  /** The link, once the caller showed a value derived from its secret; every failure is the same rate-limited 404. */
  private async prove(linkId: string, access: Buffer, clientAddress: string): Promise<LinkRow> {
    const guessKey = `address:${clientAddress}`;
    await refuseWhileBlocked(this.guessLimiter, guessKey);
    const link = await this.repos.links.findById(linkId);
    const presented = linkAccessVerifier(access);
    const matches = verifiersEqual(presented, link?.access_verifier ?? dummyVerifier);
    if (!link || !matches || !isActive(link, Date.now()) || !(await this.rootUsable(link))) {
      await this.guessLimiter.fail(guessKey);
      throw new CofferError('link.not_found');
    }
    return link;
  }

  async children(linkId: string, ticket: string, folderId: string | undefined, clientAddress: string): Promise<LinkEntry[]> {
    // A zip browses under its archive ticket: its own count may have used up the limit that session tickets need.
    const { link } = await this.checkTicketRow(linkId, ticket, clientAddress, ['session', 'archive']);
    const folder = await this.inside(link, folderId ?? link.node_id);
    if (folder.kind !== 'folder') throw new CofferError('node.not_a_folder');
    // Passphrase-protected files need their passphrase as well as a key: a link does not carry them.
    const rows = await this.repos.nodes.listChildren(folder.id);
    return rows.filter((row) => row.key_protection === 'account').map(entryOf);
  }

  /**
   * Starting a file's download counts against the link's limit and is recorded, except under an archive ticket:
   * the zip it belongs to was counted, once, when it started.
   */
  async manifest(linkId: string, ticket: string, fileId: string | undefined, clientAddress: string): Promise<LinkManifest> {
    const { link, kind } = await this.checkTicketRow(linkId, ticket, clientAddress, ['session', 'archive']);
    const file = await this.inside(link, fileId ?? link.node_id);
    if (file.key_protection !== 'account') throw new CofferError('node.not_found');
    const version = await this.currentVersion(file);
    const downloadTicket = await this.files.store.transaction(async (repos) => {
      if (kind === 'archive') return this.issueTicket(repos, link.id, file.id, version.id);
      if (!(await repos.links.tryCountDownload(link.id))) throw new CofferError('link.not_found');
      const issued = await this.issueTicket(repos, link.id, file.id, version.id);
      await this.events.record({ kind: 'link.downloaded', actorId: null, subjectId: link.id, nodeId: file.id, ownerId: link.owner_id }, repos);
      return issued;
    });
    const objects = await this.repos.versions.objects(version.id);
    return {
      ticket: downloadTicket,
      fileId: file.id,
      versionId: version.id,
      size: version.size,
      salt: version.salt,
      commitment: version.commitment,
      objectSizes: objects.map((o) => o.size),
    };
  }

  /**
   * A zip of a folder link, built by the browser: counts one download (recorded with the folder as its node) and
   * returns an archive ticket under which the folders are listed and each file's manifest is served without counting.
   * View-only links and file links refuse.
   */
  async archive(linkId: string, ticket: string, clientAddress: string): Promise<string> {
    const { link } = await this.checkTicketRow(linkId, ticket, clientAddress, ['session']);
    if (link.node_type !== 'folder' || link.allow_download !== 1) throw new CofferError('auth.forbidden', 'This link does not allow downloading a zip.');
    return this.files.store.transaction(async (repos) => {
      if (!(await repos.links.tryCountDownload(link.id))) throw new CofferError('link.not_found');
      const issued = await this.issueTicket(repos, link.id, link.node_id, archiveTicketMarker);
      await this.events.record({ kind: 'link.downloaded', actorId: null, subjectId: link.id, nodeId: link.node_id, ownerId: link.owner_id }, repos);
      return issued;
    });
  }

  /** One stored object of a file's current version, as ciphertext. The browser authenticates every chunk. */
  async object(linkId: string, ticket: string, index: number, clientAddress: string): Promise<Buffer> {
    const { link, row } = await this.checkTicketRow(linkId, ticket, clientAddress, ['download']);
    const file = await this.inside(link, row.node_id);
    const version = await this.currentVersion(file);
    if (version.id !== row.version_id) throw new CofferError('version.not_found');
    const objects = await this.repos.versions.objects(version.id);
    const object = objects[index];
    if (!object) throw new CofferError('request.invalid', 'There is no such object in this version.');
    const bytes = await this.files.blobs.get(object.object_key);
    // The last object read completes a download (the browser fetches them in order); a delivery records its first.
    if (index === objects.length - 1) await this.gate?.downloadCompleted(link);
    return bytes;
  }

  private async currentVersion(file: NodeRow): Promise<VersionRow> {
    if (file.kind !== 'file') throw new CofferError('node.not_a_file');
    const version = file.current_version_id ? await this.repos.versions.findById(file.current_version_id) : undefined;
    if (!version || version.node_id !== file.id) throw new CofferError('version.not_found');
    return version;
  }

  private async checkPassword(link: LinkRow, password: string | undefined, clientAddress: string): Promise<void> {
    if (!password) throw new CofferError('link.password_required');
    const keys = [`link:${link.id}`, `address:${clientAddress}`];
    await refuseWhileBlocked(this.passwordLimiter, ...keys);
    const { authKey } = await derivePasswordSecrets(password, parseKdf(link.password_kdf as string));
    if (!verifiersEqual(passwordVerifier(authKey), link.password_verifier as Buffer)) {
      await Promise.all(keys.map((key) => this.passwordLimiter.fail(key)));
      throw new CofferError('link.password_invalid');
    }
    await this.passwordLimiter.succeed(`link:${link.id}`);
  }

  /**
   * A session ticket (`versionId` empty) browses the link; an archive ticket (`versionId` "archive") browses and asks
   * manifests for a zip already counted; a download ticket fetches one version's objects.
   */
  private async issueTicket(repos: Repositories, linkId: string, nodeId: string, versionId: string): Promise<string> {
    const id = newId();
    const secret = randomKey();
    const now = Date.now();
    await repos.links.insertTicket({
      id,
      link_id: linkId,
      node_id: nodeId,
      version_id: versionId,
      verifier: secretVerifier(secret, linkTicketLabel),
      created_at: now,
      expires_at: now + ticketLifetimeMs,
    });
    return `${id}.${secret.toString('base64url')}`;
  }

  private async checkTicketRow(
    linkId: string,
    ticket: string,
    clientAddress: string,
    allowed: readonly TicketKind[],
  ): Promise<{ link: LinkRow; row: LinkTicketRow; kind: TicketKind }> {
    const guessKey = `address:${clientAddress}`;
    await refuseWhileBlocked(this.guessLimiter, guessKey);
    const [ticketId = '', secretText = ''] = ticket.split('.');
    const now = Date.now();
    const row = /^[0-9a-z]{26}$/.test(ticketId) ? await this.repos.links.findTicket(ticketId) : undefined;
    const presented = secretVerifier(Buffer.from(secretText, 'base64url'), linkTicketLabel);
    const matches = verifiersEqual(presented, row?.verifier ?? dummyVerifier);
    const link = row && row.link_id === linkId && row.expires_at > now ? await this.repos.links.findById(linkId) : undefined;
    const kind = row ? ticketKindOf(row) : 'session';
    // Download and archive tickets still work once their own download used up the limit; revocation and expiry end them.
    const usable = link !== undefined && (kind === 'session' ? isActive(link, now) : isLive(link, now));
    if (!row || !matches || !link || !usable || !allowed.includes(kind)) {
      await this.guessLimiter.fail(guessKey);
      throw new CofferError('link.not_found');
    }
    return { link, row, kind };
  }

  /** A node of the link's subtree; anything else (and anything in the trash) is "not found". */
  private async inside(link: LinkRow, nodeId: string): Promise<NodeRow> {
    const node = await this.repos.nodes.findById(nodeId);
    if (!node || node.owner_id !== link.owner_id || (await isTrashedOrGone(this.repos, node))) throw new CofferError('node.not_found');
    for (let current: NodeRow | undefined = node, depth = 0; current && depth < 10_000; depth++) {
      if (current.id === link.node_id) return node;
      current = current.parent_id === null ? undefined : await this.repos.nodes.findById(current.parent_id);
    }
    throw new CofferError('node.not_found');
  }

  private async rootUsable(link: LinkRow): Promise<boolean> {
    const root = await this.repos.nodes.findById(link.node_id);
    return root !== undefined && !(await isTrashedOrGone(this.repos, root));
  }
}

type TicketKind = 'session' | 'archive' | 'download';
const archiveTicketMarker = 'archive';

function ticketKindOf(row: LinkTicketRow): TicketKind {
  return row.version_id === '' ? 'session' : row.version_id === archiveTicketMarker ? 'archive' : 'download';
}

function isLive(link: LinkRow, now: number): boolean {
  return link.revoked_at === null && (link.expires_at === null || link.expires_at > now);
}

function isActive(link: LinkRow, now: number): boolean {
  return isLive(link, now) && (link.max_downloads === null || link.download_count < link.max_downloads);
}

function entryOf(row: NodeRow): LinkEntry {
  return {
    id: row.id,
    parentId: row.parent_id,
    type: row.kind,
    size: row.size,
    modifiedAt: row.updated_at,
    keyWrapped: row.key_wrapped,
    nameSealed: row.name_sealed ?? Buffer.alloc(0),
  };
}
