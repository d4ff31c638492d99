import { useEffect, useRef } from 'react';
import { useSession } from '../../app/session';
import { formatBytes } from '../../components/format';
import { useToasts } from '../../components/toasts';
import { uploadQueue, useUploads } from './upload-store';

const statusText = { queued: 'Waiting', uploading: 'Uploading', done: 'Done', failed: 'Failed', cancelled: 'Cancelled' } as const;

/** The queue, bottom right: per-file progress and speed, cancel while running, retry after a failure. */
export function UploadPanel() {
  const items = useUploads();
  const toasts = useToasts();
  const { refresh } = useSession();
  // One toast per batch (when the queue falls idle), plus one per failure: never silent, never a flood.
  const batch = useRef<string[]>([]);
  useEffect(
    () =>
      uploadQueue.onFinished((node, item) => {
        if (item.status === 'done' && node)
          batch.current.push(node.versionNumber && node.versionNumber > 1 ? `${item.name} (version ${node.versionNumber})` : item.name);
        else if (item.status === 'failed') toasts.error(`${item.name}: ${item.error ?? 'the upload failed'}`);
        else if (item.status === 'cancelled') toasts.info(`Cancelled ${item.name}.`);
        const idle = uploadQueue.snapshot().every((other) => other.status !== 'queued' && other.status !== 'uploading');
        if (idle && batch.current.length > 0) {
          const names = batch.current;
          batch.current = [];
          toasts.success(names.length === 1 ? `Uploaded ${names[0]}.` : `Uploaded ${names.length} files.`);
        }
        refresh();
      }),
    [toasts, refresh],
  );
  const active = items.filter((item) => item.status === 'queued' || item.status === 'uploading').length;
  const failed = items.some((item) => item.status === 'failed');
  // A finished, clean batch tidies itself away; failures stay until retried or cleared.
  useEffect(() => {
    if (items.length === 0 || active > 0 || failed) return;
    const timer = window.setTimeout(() => uploadQueue.clearFinished(), 8000);
    return () => window.clearTimeout(timer);
  }, [items.length, active, failed]);
  if (items.length === 0) return null;
  return (
    <section className="upload-panel" aria-labelledby="uploads-title">
      <header>
        <h2 id="uploads-title">{active > 0 ? `Uploading ${active} of ${items.length}` : `Uploads (${items.length})`}</h2>
        {active === 0 && (
          <button type="button" onClick={() => uploadQueue.clearFinished()}>
            Clear
          </button>
        )}
      </header>
      <ul>
        {items.map((item) => (
          <li key={item.id} className={`upload upload-${item.status}`} data-testid="upload-item">
            <div className="upload-line">
              <span className="upload-name" title={item.name}>
                {item.name}
              </span>
              <span className="upload-status">{statusText[item.status]}</span>
            </div>
            <progress
              max={Math.max(1, item.size)}
              value={item.status === 'done' ? Math.max(1, item.size) : item.sentBytes}
              aria-label={`Progress of ${item.name}`}
            />
            <div className="upload-line small">
              <span>
                {formatBytes(item.sentBytes)} of {formatBytes(item.size)}
                {item.status === 'uploading' && item.speed > 0 ? ` · ${formatBytes(item.speed)}/s` : ''}
              </span>
              {(item.status === 'queued' || item.status === 'uploading') && (
                <button type="button" className="link" onClick={() => uploadQueue.cancel(item.id)} aria-label={`Cancel ${item.name}`}>
                  Cancel
                </button>
              )}
              {(item.status === 'failed' || item.status === 'cancelled') && (
                <button type="button" className="link" onClick={() => uploadQueue.retry(item.id)} aria-label={`Retry ${item.name}`}>
                  Retry
                </button>
              )}
            </div>
            {item.error && <p className="form-error">{item.error}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
