import { PassThrough, Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { NodeRow, Store } from '../../db/index.js';
import type { AuthContext } from '../auth/index.js';
import type { DownloadService, FilesDeps } from '../files/index.js';
import { exportMetadata, type ExportedItem } from './export-metadata.js';

interface PlannedItem {
  readonly node: NodeRow;
  readonly path: string;
  readonly trashed: boolean;
}

/**
 * Everything a user owns as one zip stream: `files/…` (live tree) and `trash/…` (trashed items), decrypted,
 * plus `coffer-export.json` (metadata, versions; share history once sharing exists). Entries are opened one
 * at a time as the zip is read, so memory stays flat; yazl writes ZIP64 records when an entry or the archive
 * passes 4 GiB. Contents of passphrase-protected files need their passphrase and are listed, not included.
 */
export class AccountExportService {
  constructor(
    private readonly deps: FilesDeps,
    private readonly download: DownloadService,
  ) {}

  private get store(): Store {
    return this.deps.store;
  }

  async exportZip(auth: AuthContext): Promise<Readable> {
    const user = await this.store.repos.users.findById(auth.userId);
    if (!user) throw new Error('the signed-in account no longer exists');
    const planned = await this.plan(auth, user.root_folder_id);
    const items: ExportedItem[] = [];
    const zip = new ZipFile();
    const mtime = new Date();
    for (const item of planned) {
      const versions = await this.store.repos.versions.listForNode(item.node.id);
      const included = item.node.kind === 'file' && item.node.key_protection === 'account';
      items.push({ node: item.node, path: item.path, trashed: item.trashed, contentIncluded: included, versions });
      if (item.node.kind === 'folder') {
        zip.addEmptyDirectory(item.path, { mtime: new Date(item.node.updated_at) });
        continue;
      }
      if (!included) continue;
      zip.addReadStreamLazy(item.path, { mtime: new Date(item.node.updated_at), compress: false, size: item.node.size }, (callback) => {
        this.download.open(auth, item.node.id, { includeTrashed: true }).then(
          (opened) => callback(null, opened.size === 0 ? Readable.from([]) : Readable.from(copied(opened.read({ start: 0, end: opened.size - 1 })))),
          (err: unknown) => callback(err, Readable.from([])),
        );
      });
    }
    zip.addBuffer(Buffer.from(JSON.stringify(exportMetadata(user, items, mtime.getTime()), null, 2)), 'coffer-export.json', { mtime });
    const output = new PassThrough();
    // A file that fails its integrity check makes yazl emit 'error' and stall: fail the stream instead, so the
    // transport cuts the connection and the client sees an incomplete zip rather than a hang.
    zip.on('error', (err: Error) => output.destroy(err));
    zip.outputStream.pipe(output);
    zip.end();
    return output;
  }

  /** Depth-first over every node the user owns; names are opened with the user's keys, collisions get the id appended. */
  private async plan(auth: AuthContext, rootId: string): Promise<PlannedItem[]> {
    const chain = this.deps.keyChain(auth);
    const out: PlannedItem[] = [];
    const walk = async (folderId: string, live: string, trash: string, inTrash: boolean): Promise<void> => {
      const taken = new Set<string>();
      for (const child of await this.store.repos.nodes.listAllChildren(folderId)) {
        const trashed = inTrash || child.trashed_at !== null;
        const raw = ((await chain.name(child)) ?? `damaged-name-${child.id}`).replace(/[\\/]/g, '_');
        const base = trashed ? trash : live;
        let name = raw;
        if (taken.has(`${base}/${name}`)) name = `${raw} (${child.id})`;
        taken.add(`${base}/${name}`);
        const path = `${base}/${name}`;
        out.push({ node: child, path: child.kind === 'folder' ? `${path}` : path, trashed });
        if (child.kind === 'folder') await walk(child.id, `${live}/${name}`, `${trash}/${name}`, trashed);
      }
    };
    await walk(rootId, 'files', 'trash', false);
    return out;
  }
}

/** The reader lends each piece only until the next is requested; a stream that buffers ahead needs its own copies. */
async function* copied(pieces: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const piece of pieces) yield Buffer.from(piece);
}
