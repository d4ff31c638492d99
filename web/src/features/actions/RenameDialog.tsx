import { useState } from 'react';
import type { NodeDto } from '@coffer/sdk';
import { client } from '../../app/client';
import { Dialog } from '../../components/dialog';
import { useToasts } from '../../components/toasts';

export function RenameDialog({ node, onDone, onClose }: { node: NodeDto; onDone: () => void; onClose: () => void }) {
  const toasts = useToasts();
  const [name, setName] = useState(node.name);
  const [busy, setBusy] = useState(false);
  return (
    <Dialog title={`Rename ${node.name}`} onClose={onClose}>
      <form
        className="dialog-body stack"
        onSubmit={(event) => {
          event.preventDefault();
          setBusy(true);
          client.updateNode(node.id, { name }).then(
            (renamed) => {
              toasts.success(`Renamed to ${renamed.name}.`);
              onDone();
            },
            (err: unknown) => {
              setBusy(false);
              toasts.error(err);
            },
          );
        }}
      >
        <label>
          New name
          <input required autoFocus value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <footer className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || name === node.name}>
            Rename
          </button>
        </footer>
      </form>
    </Dialog>
  );
}

export function NewFolderDialog({ parentId, onDone, onClose }: { parentId: string; onDone: () => void; onClose: () => void }) {
  const toasts = useToasts();
  const [name, setName] = useState('');
  return (
    <Dialog title="New folder" onClose={onClose}>
      <form
        className="dialog-body stack"
        onSubmit={(event) => {
          event.preventDefault();
          client.createFolder({ parentId, name }).then(
            (folder) => {
              toasts.success(`Folder ${folder.name} created.`);
              onDone();
            },
            (err: unknown) => toasts.error(err),
          );
        }}
      >
        <label>
          Folder name
          <input required autoFocus value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <footer className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Create
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
