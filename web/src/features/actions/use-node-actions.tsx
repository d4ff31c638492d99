import { lazy, Suspense, useState, type ReactNode } from 'react';
import type { NodeDto } from '@coffer/sdk';
import { client } from '../../app/client';
import { useSession } from '../../app/session';
import { ConfirmDialog } from '../../components/dialog';
import { useToasts } from '../../components/toasts';
import { PreviewDialog } from '../preview/PreviewDialog';
import { downloadNodes } from './download';
import { FolderPickerDialog } from './FolderPickerDialog';
import { RenameDialog } from './RenameDialog';
import { VersionsDialog } from './VersionsDialog';

const ShareDialog = lazy(() => import('../sharing/ShareDialog'));

type Open = { kind: 'rename' | 'versions' | 'preview' | 'share'; node: NodeDto } | { kind: 'move' | 'copy' | 'delete'; nodes: NodeDto[] } | undefined;

/** The actions on selected items, each ending in a toast, and the dialog that is open (if any). */
export function useNodeActions(onChanged: () => void) {
  const toasts = useToasts();
  const session = useSession();
  const [open, setOpen] = useState<Open>();
  const close = (): void => setOpen(undefined);
  const changed = (): void => {
    onChanged();
    session.refresh();
  };

  const runAll = async (nodes: NodeDto[], verb: string, action: (node: NodeDto) => Promise<unknown>): Promise<void> => {
    let done = 0;
    for (const node of nodes) {
      try {
        await action(node);
        done++;
      } catch (err) {
        toasts.error(`${node.name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (done > 0) toasts.success(done === 1 && nodes.length === 1 ? `${verb} ${nodes[0]!.name}.` : `${verb} ${done} items.`);
    changed();
  };

  let dialog: ReactNode = null;
  if (open?.kind === 'rename')
    dialog = (
      <RenameDialog
        node={open.node}
        onClose={close}
        onDone={() => {
          close();
          changed();
        }}
      />
    );
  else if (open?.kind === 'versions') dialog = <VersionsDialog node={open.node} onClose={close} onChanged={changed} />;
  else if (open?.kind === 'preview') dialog = <PreviewDialog node={open.node} onClose={close} />;
  else if (open?.kind === 'share')
    dialog = (
      <Suspense fallback={null}>
        <ShareDialog node={open.node} onClose={close} />
      </Suspense>
    );
  else if (open?.kind === 'move' || open?.kind === 'copy') {
    const { kind, nodes } = open;
    dialog = (
      <FolderPickerDialog
        title={`${kind === 'move' ? 'Move' : 'Copy'} ${nodes.length === 1 ? nodes[0]!.name : `${nodes.length} items`}`}
        actionLabel={kind === 'move' ? 'Move' : 'Copy'}
        exclude={new Set(nodes.map((node) => node.id))}
        onClose={close}
        onPick={(parentId) => {
          close();
          void runAll(nodes, kind === 'move' ? 'Moved' : 'Copied', (node) =>
            kind === 'move' ? client.updateNode(node.id, { parentId }) : client.copyNode(node.id, { parentId }),
          );
        }}
      />
    );
  } else if (open?.kind === 'delete') {
    const { nodes } = open;
    dialog = (
      <ConfirmDialog
        title="Move to trash?"
        message={
          <p>
            {nodes.length === 1 ? `“${nodes[0]!.name}”` : `${nodes.length} items`} will be moved to the trash. You can restore{' '}
            {nodes.length === 1 ? 'it' : 'them'} from there.
          </p>
        }
        confirmLabel="Move to trash"
        danger
        onClose={close}
        onConfirm={() => {
          close();
          void runAll(nodes, 'Moved to trash:', (node) => client.trashNode(node.id));
        }}
      />
    );
  }

  return {
    dialog,
    preview: (node: NodeDto) => setOpen({ kind: 'preview', node }),
    rename: (node: NodeDto) => setOpen({ kind: 'rename', node }),
    versions: (node: NodeDto) => setOpen({ kind: 'versions', node }),
    share: (node: NodeDto) => setOpen({ kind: 'share', node }),
    move: (nodes: NodeDto[]) => setOpen({ kind: 'move', nodes }),
    copy: (nodes: NodeDto[]) => setOpen({ kind: 'copy', nodes }),
    remove: (nodes: NodeDto[]) => nodes.length > 0 && setOpen({ kind: 'delete', nodes }),
    download: (nodes: NodeDto[], zipName: string) => {
      const locked = nodes.find((node) => node.passphraseProtected && nodes.length === 1);
      if (locked) {
        setOpen({ kind: 'preview', node: locked });
        return;
      }
      downloadNodes(nodes, zipName);
      toasts.success(nodes.length === 1 && nodes[0]?.type === 'file' ? `Downloading ${nodes[0].name}.` : `Downloading ${nodes.length} items as a zip.`);
    },
  };
}

export function ActionBar({ selected, actions, zipName }: { selected: NodeDto[]; actions: ReturnType<typeof useNodeActions>; zipName: string }) {
  if (selected.length === 0) return null;
  const one = selected.length === 1 ? selected[0] : undefined;
  return (
    <div className="action-bar" role="toolbar" aria-label="Selected items">
      <span className="count">{selected.length} selected</span>
      <button type="button" onClick={() => actions.download(selected, zipName)}>
        Download
      </button>
      {one && (
        <button type="button" onClick={() => actions.rename(one)}>
          Rename
        </button>
      )}
      {one && (
        <button type="button" onClick={() => actions.share(one)}>
          Share
        </button>
      )}
      <button type="button" onClick={() => actions.move(selected)}>
        Move
      </button>
      <button type="button" onClick={() => actions.copy(selected)}>
        Copy
      </button>
      {one?.type === 'file' && (
        <button type="button" onClick={() => actions.versions(one)}>
          Versions
        </button>
      )}
      <button type="button" className="danger" onClick={() => actions.remove(selected)}>
        Delete
      </button>
    </div>
  );
}
