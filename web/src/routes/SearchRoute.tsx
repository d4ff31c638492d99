import { useEffect, useMemo, useState } from 'react';
import type { NodeDto, SearchHitDto } from '@coffer/sdk';
import { client, describeError } from '../app/client';
import { navigate } from '../app/router';
import { useToasts } from '../components/toasts';
import { ActionBar, useNodeActions } from '../features/actions/use-node-actions';
import { FileList } from '../features/browser/FileList';
import { useSelection } from '../features/browser/selection';

/** Results of a drive-wide name search (decrypted and matched on the server, bounded there). */
export function SearchRoute({ query }: { query: string }) {
  const toasts = useToasts();
  const [result, setResult] = useState<{ hits: SearchHitDto[]; truncated: boolean }>();
  const [error, setError] = useState<unknown>();
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    setResult(undefined);
    client.search(query).then(
      (found) => live && setResult(found),
      (err: unknown) => {
        if (!live) return;
        setError(err);
        toasts.error(err);
      },
    );
    return () => {
      live = false;
    };
  }, [query, generation, toasts]);
  const items = useMemo(() => result?.hits.map((hit) => hit.node) ?? [], [result]);
  const where = useMemo(() => new Map(result?.hits.map((hit) => [hit.node.id, hit.folderPath])), [result]);
  const selection = useSelection(useMemo(() => items.map((item) => item.id), [items]));
  const actions = useNodeActions(() => setGeneration((n) => n + 1));
  const selected = items.filter((item) => selection.selected.has(item.id));
  const open = (node: NodeDto): void => {
    const folder = (where.get(node.id) ?? '/').split('/').filter(Boolean);
    if (node.type === 'folder') navigate({ name: 'files', path: [...folder, node.name] });
    else actions.preview(node);
  };
  return (
    <section className="files" aria-labelledby="search-title">
      <h1 id="search-title">Search: {query}</h1>
      <ActionBar selected={selected} actions={actions} zipName={`search ${query}`} />
      {!result && !error && <p className="loading">Searching…</p>}
      {error !== undefined && <p className="form-error">{describeError(error)}</p>}
      {result && items.length === 0 && <p className="empty">Nothing found.</p>}
      {result?.truncated && <p className="muted">Showing the first {items.length} matches. Refine the search to see others.</p>}
      {items.length > 0 && (
        <FileList
          items={items}
          view="list"
          selection={selection}
          onOpen={open}
          onDelete={() => actions.remove(selected)}
          describe={(node) => `in ${where.get(node.id) ?? '/'}`}
          label="Search results"
        />
      )}
      {actions.dialog}
    </section>
  );
}
