import type { FastifyReply, FastifyRequest } from 'fastify';
import { CofferError } from '../../domain/index.js';
import type { AttemptCounter, AuthContext, SessionsService } from '../../features/auth/index.js';
import type { DavLocksService, DavPropertiesService } from '../../features/dav/index.js';
import type { BrowseService, CopyService, DownloadService, NodeView, OrganizeService, UploadService } from '../../features/files/index.js';
import { DavError } from './dav-error.js';
import { hrefOf, parentOf, type DavPath } from './dav-paths.js';

/** The feature services WebDAV calls; the same ones the REST routes use, plus locks and properties. */
export interface DavServices {
  readonly sessions: SessionsService;
  readonly browse: BrowseService;
  readonly upload: UploadService;
  readonly download: DownloadService;
  readonly organize: OrganizeService;
  readonly copy: CopyService;
  readonly davLocks: DavLocksService;
  readonly davProperties: DavPropertiesService;
  readonly davBasicLimiter: AttemptCounter;
}

/** A path that names an existing node, with the nodes from the root down to it. */
export interface Resolved {
  readonly path: DavPath;
  readonly node: NodeView;
  readonly trail: readonly NodeView[];
}

/** One authenticated WebDAV request: its target path and the lookups every method shares. */
export class DavRequest {
  constructor(
    readonly services: DavServices,
    readonly auth: AuthContext,
    readonly request: FastifyRequest,
    readonly reply: FastifyReply,
    readonly path: DavPath,
  ) {}

  /** The node at `path`, or undefined when nothing is there. */
  async find(path: DavPath = this.path): Promise<Resolved | undefined> {
    try {
      const { node, path: trail } = await this.services.browse.resolveFromRoot(this.auth, path.segments.join('/'));
      return { path, node, trail };
    } catch (err) {
      if (err instanceof CofferError && err.code === 'node.not_found') return undefined;
      throw err;
    }
  }

  /** The folder that would hold `path`; a missing one is a conflict (RFC 4918: intermediate collections are not created). */
  async parentFolder(path: DavPath = this.path): Promise<Resolved> {
    if (path.segments.length === 0) throw new DavError(403, 'The root cannot be replaced.');
    const parent = await this.find(parentOf(path));
    if (!parent || parent.node.type !== 'folder') throw new DavError(409, 'The parent folder does not exist.');
    return parent;
  }

  header(name: string): string | undefined {
    const value = this.request.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  }
}

export function hrefFor(resolved: Resolved): string {
  return hrefOf(resolved.path.segments, resolved.node.type === 'folder');
}

/** Files: the current version id (as the REST download's ETag). Folders: their id and last change. */
export function etagOf(node: NodeView): string {
  return node.type === 'file' && node.versionId ? `"${node.versionId}"` : `"${node.id}-${node.modifiedAt}"`;
}
