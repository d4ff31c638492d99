import { useCallback, useEffect, useState } from 'react';
import type { NodeDto } from '@coffer/sdk';
import { client } from '../app/client';
import { useSession } from '../app/session';
import { ConfirmDialog } from '../components/dialog';
import { formatBytes, formatDate } from '../components/format';
import { useToasts } from '../components/toasts';

export function TrashRoute() {
  const toasts = useToasts();
  const { refresh } = useSession();
  const [items, setItems] = useState<NodeDto[]>();
  const [confirm, setConfirm] = useState<{ kind: 'purge'; node: NodeDto } | { kind: 'empty' }>();
  const load = useCallback(() => {
    client.listTrash().then(
      (result) => setItems(result.items),
      (err: unknown) => toasts.error(err),
    );
  }, [toasts]);
  useEffect(load, [load]);
  const after = (message: string) => () => {
    toasts.success(message);
    load();
    refresh();
  };
  return (
    <section className="trash" aria-labelledby="trash-title">
      <div className="toolbar">
        <h1 id="trash-title">Trash</h1>
        <span className="spacer" />
        <button type="button" className="danger" disabled={!items || items.length === 0} onClick={() => setConfirm({ kind: 'empty' })}>
          Empty trash
        </button>
      </div>
      {!items && <p className="loading">Loading…</p>}
      {items?.length === 0 && <p className="empty">The trash is empty.</p>}
      {items && items.length > 0 && (
        <ul className="trash-list">
          {items.map((node) => (
            <li key={node.id} data-testid="trash-item" data-name={node.name}>
              <span className="name">{node.name}</span>
              <span className="muted">
                {node.type === 'file' ? formatBytes(node.size) : 'folder'} · deleted {node.trashedAt ? formatDate(node.trashedAt) : ''}
              </span>
              <span className="row">
                <button type="button" onClick={() => client.restoreNode(node.id).then(after(`Restored ${node.name}.`), (err: unknown) => toasts.error(err))}>
                  Restore
                </button>
                <button type="button" className="danger" onClick={() => setConfirm({ kind: 'purge', node })}>
                  Delete forever
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      {confirm && (
        <ConfirmDialog
          title={confirm.kind === 'empty' ? 'Empty the trash?' : 'Delete forever?'}
          message={<p>{confirm.kind === 'empty' ? 'Everything in the trash' : `“${confirm.node.name}”`} will be deleted for good. This cannot be undone.</p>}
          confirmLabel="Delete forever"
          danger
          onClose={() => setConfirm(undefined)}
          onConfirm={() => {
            const current = confirm;
            setConfirm(undefined);
            if (current.kind === 'empty')
              client.emptyTrash().then(
                (r) => after(`Deleted ${r.purged} items for good.`)(),
                (err: unknown) => toasts.error(err),
              );
            else client.purgeNode(current.node.id).then(after(`Deleted ${current.node.name} for good.`), (err: unknown) => toasts.error(err));
          }}
        />
      )}
    </section>
  );
}
