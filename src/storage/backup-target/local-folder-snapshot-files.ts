import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { snapshotFileNamePattern, type SnapshotFileStore } from './backup-target.js';

/** Snapshot files in one folder; writes go through `<name>.<random>.part` then a rename, so a crash leaves no half file under a real name. */
export class LocalFolderSnapshotFiles implements SnapshotFileStore {
  private constructor(private readonly dir: string) {}

  static async open(dir: string): Promise<LocalFolderSnapshotFiles> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return new LocalFolderSnapshotFiles(dir);
  }

  async put(name: string, data: Uint8Array): Promise<void> {
    const target = this.pathOf(name);
    const temp = `${target}.${randomBytes(6).toString('hex')}.part`;
    try {
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    const folder = await open(this.dir, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }

  async get(name: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.pathOf(name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  /** Staged `.part` files are listed too, so cleanup can find what an interrupted write left. */
  async list(): Promise<string[]> {
    return (await readdir(this.dir)).sort();
  }

  async delete(name: string): Promise<void> {
    await rm(this.pathOf(name), { force: true });
  }

  private pathOf(name: string): string {
    if (!snapshotFileNamePattern.test(name)) throw new TypeError('A snapshot file name is letters, digits, dot, dash and underscore');
    return path.join(this.dir, name);
  }
}
