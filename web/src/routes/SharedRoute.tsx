import { useCallback, useEffect, useState } from 'react';
import { api, type Api, type NodeDto, type ResultOf } from '@coffer/sdk';
import { client } from '../app/client';
import { ConfirmDialog } from '../components/dialog';
import { formatBytes, formatDate } from '../components/format';
import { useToasts } from '../components/toasts';

type SharedItem = ResultOf<Api['sharedWithMe']>['items'][number];
type Opened = { item: SharedItem; folder: NodeDto; items: NodeDto[] };

/** A URL the browser downloads by itself (cookie session): the shared file, or a file inside a shared folder. */
function sharedContentUrl(shareId: string, fileId?: string): string {
  return client.urlFor(api.downloadShared, { params: { id: shareId }, query: { fileId } });
}

/** What other people shared with me: open folders, download files, or leave a share. */
export function SharedRoute() {
  const toasts = useToasts();
  const [items, setItems] = useState<SharedItem[]>();
  const [opened, setOpened] = useState<Opened>();
  const [leaving, setLeaving] = useState<SharedItem>();
  const load = useCallback(() => {
    client.sharing.sharedWithMe().then(
      (result) => setItems(result.items),
      (err: unknown) => toasts.error(err),
    );
  }, [toasts]);
  useEffect(load, [load]);
  const open = (item: SharedItem, folderId?: string): void => {
    client.sharing.listShared(item.shareId, { folderId }).then(
      (result) => setOpened({ item, folder: result.folder, items: result.items }),
      (err: unknown) => toasts.error(err),
    );
  };

  return (
    <section className="shared stack" aria-labelledby="shared-title">
      <div className="toolbar">
        <h1 id="shared-title">Shared with me</h1>
      </div>
      {!items && <p className="loading">Loading…</p>}
      {items?.length === 0 && <p className="empty">Nothing has been shared with you yet.</p>}
      {items && items.length > 0 && (
        <ul className="trash-list">
          {items.map((item) => {
            const name = item.node?.name ?? 'Unavailable item';
            return (
              <li key={item.shareId} data-testid="shared-item" data-name={name}>
                <span className="name">{name}</span>
                <span className="muted">
                  {item.nodeType === 'file' && item.node ? formatBytes(item.node.size) : 'folder'} · from {item.sharerEmail} ·{' '}
                  {item.permission === 'write' ? 'can edit' : 'read only'}
                  {item.expiresAt ? ` · until ${formatDate(item.expiresAt)}` : ''}
                  {item.problem ? ` · ${item.problem}` : ''}
                </span>
                <span className="row">
                  {item.node && item.nodeType === 'file' && (
                    <a className="button" href={sharedContentUrl(item.shareId)} download aria-label={`Download ${name}`}>
                      Download
                    </a>
                  )}
                  {item.node && item.nodeType === 'folder' && (
                    <button type="button" onClick={() => open(item)}>
                      Open
                    </button>
                  )}
                  <button type="button" className="danger" onClick={() => setLeaving(item)}>
                    Leave
                  </button>
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {opened && (
        <section className="stack" aria-labelledby="shared-folder-title">
          <div className="toolbar">
            <h2 id="shared-folder-title">{opened.folder.name}</h2>
            <span className="spacer" />
            {opened.folder.id !== opened.item.node?.id && opened.folder.parentId && (
              <button type="button" onClick={() => open(opened.item, opened.folder.parentId ?? undefined)}>
                Up
              </button>
            )}
            <button type="button" onClick={() => setOpened(undefined)}>
              Close
            </button>
          </div>
          {opened.items.length === 0 && <p className="empty">This folder is empty.</p>}
          <ul className="trash-list">
            {opened.items.map((node) => (
              <li key={node.id} data-testid="shared-child" data-name={node.name}>
                <span className="name">{node.name}</span>
                <span className="muted">{node.type === 'file' ? formatBytes(node.size) : 'folder'}</span>
                <span className="row">
                  {node.type === 'file' ? (
                    <a className="button" href={sharedContentUrl(opened.item.shareId, node.id)} download aria-label={`Download ${node.name}`}>
                      Download
                    </a>
                  ) : (
                    <button type="button" onClick={() => open(opened.item, node.id)}>
                      Open
                    </button>
                  )}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {leaving && (
        <ConfirmDialog
          title="Leave this share?"
          message={<p>“{leaving.node?.name ?? 'This item'}” disappears from your list. The owner can share it with you again.</p>}
          confirmLabel="Leave"
          danger
          onClose={() => setLeaving(undefined)}
          onConfirm={() => {
            const item = leaving;
            setLeaving(undefined);
            if (opened?.item.shareId === item.shareId) setOpened(undefined);
            client.sharing.leaveShare(item.shareId).then(
              () => {
                toasts.success('Left the share.');
                load();
              },
              (err: unknown) => toasts.error(err),
            );
          }}
        />
      )}
    </section>
  );
}
