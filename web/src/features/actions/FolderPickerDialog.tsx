import { useEffect, useState } from 'react';
import type { NodeDto } from '@coffer/sdk';
import { client } from '../../app/client';
import { useSession } from '../../app/session';
import { Dialog } from '../../components/dialog';
import { useToasts } from '../../components/toasts';

/** Browse folders and pick one: the target of a move or a copy. Folders being moved cannot be entered. */
export function FolderPickerDialog(props: {
  title: string;
  actionLabel: string;
  exclude: ReadonlySet<string>;
  onPick: (folderId: string) => void;
  onClose: () => void;
}) {
  const { user } = useSession();
  const toasts = useToasts();
  const [trail, setTrail] = useState<Array<{ id: string; name: string }>>([{ id: user.rootFolderId, name: 'My files' }]);
  const [folders, setFolders] = useState<NodeDto[]>();
  const current = trail[trail.length - 1]!;
  useEffect(() => {
    let live = true;
    setFolders(undefined);
    (async () => {
      const found: NodeDto[] = [];
      for await (const item of client.iterateFolder(current.id)) if (item.type === 'folder') found.push(item);
      if (live) setFolders(found);
    })().catch((err: unknown) => toasts.error(err));
    return () => {
      live = false;
    };
  }, [current.id, toasts]);
  return (
    <Dialog title={props.title} onClose={props.onClose}>
      <div className="dialog-body stack">
        <nav aria-label="Folder path" className="breadcrumbs">
          {trail.map((step, index) => (
            <button
              key={step.id}
              type="button"
              className="link"
              aria-current={index === trail.length - 1 ? 'location' : undefined}
              onClick={() => setTrail(trail.slice(0, index + 1))}
            >
              {step.name}
            </button>
          ))}
        </nav>
        <ul className="picker" aria-label="Folders">
          {folders === undefined && <li>Loading…</li>}
          {folders?.length === 0 && <li className="muted">No folders here.</li>}
          {folders?.map((folder) => (
            <li key={folder.id}>
              <button
                type="button"
                className="link"
                disabled={props.exclude.has(folder.id)}
                onClick={() => setTrail([...trail, { id: folder.id, name: folder.name }])}
              >
                {folder.name}
              </button>
            </li>
          ))}
        </ul>
        <footer className="dialog-actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="button" className="primary" onClick={() => props.onPick(current.id)}>
            {props.actionLabel} to {current.name}
          </button>
        </footer>
      </div>
    </Dialog>
  );
}
