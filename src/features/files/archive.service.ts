import { PassThrough, Readable } from 'node:stream';
import yazl from 'yazl';
import { CofferError } from '../../domain/index.js';
import type { NodeRow } from '../../db/index.js';
import type { AuthContext } from '../auth/index.js';
import type { DownloadService } from './download.service.js';
import type { FilesDeps } from './files-deps.js';
import type { KeyChain } from './key-chain.js';

/** Bounds one archive: a zip of a whole large drive belongs to the CLI or WebDAV, not one HTTP response. */
export const archiveEntryLimit = 50_000;

interface Entry {
  readonly path: string;
  readonly node: NodeRow;
}

export interface Archive {
  /** The zip, produced as it is read; files are opened and decrypted one after the other. */
  readonly stream: Readable;
  readonly entryCount: number;
}

/**
 * Zips a selection of files and folders as one stream (ZIP64 where sizes need it, via yazl). The tree
 * is listed before the first byte, so a bad id is a clean error; file contents are opened lazily.
 * Passphrase-protected files cannot be opened without their passphrase: they are left out and listed
 * in a note inside the archive, never silently dropped.
 */
export class ArchiveService {
  constructor(
    private readonly deps: FilesDeps,
    private readonly download: DownloadService,
  ) {}

  async create(auth: AuthContext, ids: readonly string[]): Promise<Archive> {
    const chain = this.deps.keyChain(auth);
    const entries: Entry[] = [];
    const taken = new Set<string>();
    for (const id of ids) {
      const node = await chain.liveNode(id);
      if (node.parent_id === null) throw new CofferError('node.is_root', 'Select files or folders inside the drive, not the drive itself.');
      await this.collect(chain, node, uniqueName(taken, await chain.requireName(node)), entries);
    }
    const zip = new yazl.ZipFile();
    const skipped: string[] = [];
    for (const { path, node } of entries) {
      const mtime = new Date(node.updated_at);
      if (node.kind === 'folder') zip.addEmptyDirectory(path, { mtime });
      else if (node.key_protection === 'passphrase') skipped.push(path);
      else
        zip.addReadStreamLazy(path, { mtime, compress: false, size: node.size }, (done) => {
          this.open(chain, node).then(
            (stream) => done(null, stream),
            (err: unknown) => done(err, new PassThrough()),
          );
        });
    }
    if (skipped.length > 0) {
      const note = `These files are protected by their own passphrase and were left out; download them one by one:\n${skipped.join('\n')}\n`;
      zip.addBuffer(Buffer.from(note), uniqueName(taken, 'COFFER-SKIPPED.txt'), { mtime: new Date() });
    }
    zip.end();
    return { stream: zip.outputStream as Readable, entryCount: entries.length };
  }

  private async collect(chain: KeyChain, node: NodeRow, path: string, entries: Entry[]): Promise<void> {
    if (entries.length >= archiveEntryLimit) throw new CofferError('request.too_large', `An archive holds at most ${archiveEntryLimit} items.`);
    entries.push({ path: node.kind === 'folder' ? `${path}/` : path, node });
    if (node.kind !== 'folder') return;
    const key = await chain.folderKey(node);
    for (const child of await this.deps.store.repos.nodes.listChildren(node.id)) {
      const name = chain.nameUnder(child, key);
      if (name !== undefined) await this.collect(chain, child, `${path}/${name}`, entries);
    }
  }

  private async open(chain: KeyChain, node: NodeRow): Promise<Readable> {
    const opened = await this.download.openWith(chain, node.id, {});
    if (opened.size === 0) return Readable.from([]);
    return Readable.from(copyPieces(opened.read({ start: 0, end: opened.size - 1 })));
  }
}

/** The reader lends each piece until the next is requested; the zip writer may hold it longer. */
async function* copyPieces(pieces: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  for await (const piece of pieces) yield Buffer.from(piece);
}

function uniqueName(taken: Set<string>, name: string): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) {
    const dot = name.lastIndexOf('.');
    candidate = dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
  }
  taken.add(candidate);
  return candidate;
}
