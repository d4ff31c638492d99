import { useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { NodeDto } from '@coffer/sdk';
import { hrefOf, navigate } from '../app/router';
import { describeError } from '../app/client';
import { useToasts } from '../components/toasts';
import { ActionBar, useNodeActions } from '../features/actions/use-node-actions';
import { NewFolderDialog } from '../features/actions/RenameDialog';
import { FileList, type ViewMode } from '../features/browser/FileList';
import { useSelection } from '../features/browser/selection';
import { sortItems, useFolder, type SortField } from '../features/browser/use-folder';
import { fromDataTransfer, fromFileList, type PickedFile } from '../features/upload/collect-files';
import { EncryptionDialog } from '../features/upload/EncryptionDialog';
import { uploadQueue } from '../features/upload/upload-store';

export function FilesRoute({ path }: { path: string[] }) {
  const toasts = useToasts();
  const { state, error, reload } = useFolder(path);
  const [view, setView] = useState<ViewMode>(() => (localStorage.getItem('coffer.view') === 'grid' ? 'grid' : 'list'));
  const [sort, setSort] = useState<SortField>('name');
  const [descending, setDescending] = useState(false);
  const [filter, setFilter] = useState('');
  const [pending, setPending] = useState<PickedFile[]>();
  const [newFolder, setNewFolder] = useState(false);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  const items = useMemo(() => {
    const needle = filter.trim().toLocaleLowerCase();
    const shown = needle ? (state?.items ?? []).filter((item) => item.name.toLocaleLowerCase().includes(needle)) : (state?.items ?? []);
    return sortItems(shown, sort, descending);
  }, [state, filter, sort, descending]);
  const ids = useMemo(() => items.map((item) => item.id), [items]);
  const selection = useSelection(ids);
  const selected = items.filter((item) => selection.selected.has(item.id));
  const actions = useNodeActions(reload);
  const { clear } = selection;

  useEffect(() => clear(), [state?.folder.id, clear]);
  useEffect(() => {
    if (error) toasts.error(error);
  }, [error, toasts]);
  // Reload once the queue finishes a file that landed in this folder (or below it).
  useEffect(() => uploadQueue.onFinished((node) => node && reload()), [reload]);

  const folderId = state?.folder.id;
  const queue = (files: PickedFile[]): void => {
    if (files.length > 0) setPending(files);
  };
  useEffect(() => {
    const onPaste = (event: ClipboardEvent): void => {
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return;
      const files = event.clipboardData?.files;
      if (files && files.length > 0) {
        event.preventDefault();
        queue(fromFileList(files));
      }
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, []);

  const onDrop = (event: DragEvent<HTMLElement>): void => {
    event.preventDefault();
    setDragging(false);
    fromDataTransfer(event.dataTransfer).then(queue, (err: unknown) => toasts.error(`Could not read the dropped items: ${describeError(err)}`));
  };

  const open = (node: NodeDto): void => {
    if (node.type === 'folder') navigate({ name: 'files', path: [...path, node.name] });
    else actions.preview(node);
  };

  const zipName = state?.trail.length === 1 ? 'My files' : (state?.folder.name ?? 'download');
  return (
    <section
      className={dragging ? 'files dragging' : 'files'}
      aria-labelledby="folder-title"
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (event.currentTarget === event.target) setDragging(false);
      }}
      onDrop={onDrop}
      data-testid="drop-zone"
    >
      <nav aria-label="Folder path" className="breadcrumbs">
        <ol>
          {(state?.trail ?? []).map((step, index, trail) => {
            const target = { name: 'files' as const, path: path.slice(0, index) };
            const last = index === trail.length - 1;
            return (
              <li key={step.id}>
                <a
                  href={hrefOf(target)}
                  aria-current={last ? 'page' : undefined}
                  onClick={(event) => {
                    event.preventDefault();
                    navigate(target);
                  }}
                >
                  {index === 0 ? 'My files' : step.name}
                </a>
              </li>
            );
          })}
        </ol>
      </nav>
      <h1 id="folder-title" className="visually-hidden">
        {state?.trail.length === 1 ? 'My files' : (state?.folder.name ?? 'Loading')}
      </h1>
      <div className="toolbar" role="toolbar" aria-label="Folder">
        <button type="button" className="primary" onClick={() => fileInput.current?.click()} disabled={!folderId}>
          Upload files
        </button>
        <button type="button" onClick={() => folderInput.current?.click()} disabled={!folderId}>
          Upload folder
        </button>
        <button type="button" onClick={() => setNewFolder(true)} disabled={!folderId}>
          New folder
        </button>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          data-testid="file-input"
          onChange={(event) => {
            if (event.target.files) queue(fromFileList(event.target.files));
            event.target.value = '';
          }}
        />
        <input
          ref={folderInput}
          type="file"
          hidden
          data-testid="folder-input"
          {...{ webkitdirectory: '' }}
          onChange={(event) => {
            if (event.target.files) queue(fromFileList(event.target.files));
            event.target.value = '';
          }}
        />
        <span className="spacer" />
        <input
          type="search"
          className="filter"
          aria-label="Filter this folder"
          placeholder="Filter"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <label className="sort">
          <span className="visually-hidden">Sort by</span>
          <select value={sort} onChange={(e) => setSort(e.target.value as SortField)} aria-label="Sort by">
            <option value="name">Name</option>
            <option value="size">Size</option>
            <option value="modified">Date</option>
          </select>
        </label>
        <button type="button" aria-label={descending ? 'Sort ascending' : 'Sort descending'} onClick={() => setDescending(!descending)}>
          {descending ? '↓' : '↑'}
        </button>
        <button
          type="button"
          aria-pressed={view === 'grid'}
          onClick={() => {
            const next = view === 'grid' ? 'list' : 'grid';
            localStorage.setItem('coffer.view', next);
            setView(next);
          }}
        >
          {view === 'grid' ? 'List' : 'Grid'}
        </button>
      </div>
      <ActionBar selected={selected} actions={actions} zipName={zipName} />
      {!state && !error && <p className="loading">Loading…</p>}
      {error !== undefined && !state && <p className="form-error">{describeError(error)}</p>}
      {state && items.length === 0 && (
        <div className="empty">
          <p>{filter ? 'Nothing matches the filter.' : 'This folder is empty. Drop files or folders here, paste them, or use Upload.'}</p>
        </div>
      )}
      {state && items.length > 0 && (
        <FileList
          items={items}
          view={view}
          selection={selection}
          onOpen={open}
          onDelete={() => actions.remove(selected)}
          label={`Contents of ${state.trail.length === 1 ? 'My files' : state.folder.name}`}
        />
      )}
      {dragging && (
        <div className="drop-hint" aria-hidden="true">
          Drop to upload here
        </div>
      )}
      {actions.dialog}
      {newFolder && folderId && (
        <NewFolderDialog
          parentId={folderId}
          onClose={() => setNewFolder(false)}
          onDone={() => {
            setNewFolder(false);
            reload();
          }}
        />
      )}
      {pending && folderId && (
        <EncryptionDialog
          files={pending}
          onClose={() => setPending(undefined)}
          onUpload={(passphrase) => {
            uploadQueue.add(folderId, pending, passphrase);
            setPending(undefined);
          }}
        />
      )}
    </section>
  );
}
