/** A file with the folder path it came from, relative to what was dropped or picked ("" at the top). */
export interface PickedFile {
  readonly file: File;
  readonly folders: string[];
}

/** Files from an <input type=file> (with webkitdirectory, each carries webkitRelativePath). */
export function fromFileList(list: FileList): PickedFile[] {
  return Array.from(list, (file) => {
    const parts = (file.webkitRelativePath || file.name).split('/');
    parts.pop();
    return { file, folders: parts };
  });
}

/**
 * Files from a drop, including whole folders: DataTransferItem.webkitGetAsEntry() gives a tree that
 * is walked here. The entries must be taken synchronously in the drop handler, before any await.
 */
export async function fromDataTransfer(transfer: DataTransfer): Promise<PickedFile[]> {
  const entries = Array.from(transfer.items)
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.() ?? null);
  if (entries.length === 0 || entries.some((entry) => entry === null)) return Array.from(transfer.files, (file) => ({ file, folders: [] }));
  const picked: PickedFile[] = [];
  for (const entry of entries) await walk(entry!, [], picked);
  return picked;
}

async function walk(entry: FileSystemEntry, folders: string[], out: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ file, folders });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const inside = [...folders, entry.name];
  // readEntries answers in batches (at most 100 in Chromium) until it returns an empty batch.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) await walk(child, inside, out);
  }
  if (out.every((picked) => picked.folders.join('/') !== inside.join('/'))) out.push({ file: emptyFolderMarker, folders: inside });
}

/** Stands for an empty folder in a drop, so the folder is still created. */
export const emptyFolderMarker = new File([], '');
