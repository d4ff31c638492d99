import { useEffect, useState } from 'react';
import type { NodeDto } from '@coffer/sdk';
import { fetchBlob } from '../actions/download';
import { textPreviewBytes } from './preview-kind';

export function useFileText(node: NodeDto, passphrase: string | undefined): { text?: string; error?: unknown; truncated: boolean } {
  const [state, setState] = useState<{ text?: string; error?: unknown }>({});
  const truncated = node.size > textPreviewBytes;
  useEffect(() => {
    let live = true;
    const range = node.size === 0 ? undefined : { start: 0, end: Math.min(node.size, textPreviewBytes) - 1 };
    fetchBlob(node, passphrase, range)
      .then((blob) => blob.text())
      .then(
        (text) => live && setState({ text }),
        (error: unknown) => live && setState({ error }),
      );
    return () => {
      live = false;
    };
  }, [node, passphrase]);
  return { ...state, truncated };
}

/** Text and code, as text: React escapes it, so markup in a file (or its name) is never interpreted. */
export function TextViewer({ text, truncated }: { text: string; truncated: boolean }) {
  return (
    <div className="text-preview">
      {truncated && <p className="muted">Showing the first megabyte. Download the file to see all of it.</p>}
      <pre tabIndex={0} aria-label="File content">
        <code>{text}</code>
      </pre>
    </div>
  );
}
