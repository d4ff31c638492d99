import { useEffect, useMemo, useState } from 'react';
import type { NodeDto } from '@coffer/sdk';
import { client } from '../../app/client';
import { fetchBlob } from '../actions/download';

/**
 * What pdf.js reads: the content URL (it then fetches ranges itself), or, for a passphrase-protected
 * file, the bytes fetched with the passphrase header (pdf.js cannot add it, and connect-src has no blob:).
 */
export function usePdfSource(node: NodeDto, passphrase: string | undefined, wanted: boolean): { url: string } | { data: Uint8Array } | undefined {
  const url = useMemo(
    () => (wanted && passphrase === undefined ? { url: client.contentUrl(node.id, { inline: true }) } : undefined),
    [node.id, passphrase, wanted],
  );
  const [data, setData] = useState<{ data: Uint8Array }>();
  useEffect(() => {
    if (!wanted || passphrase === undefined) return;
    let live = true;
    fetchBlob(node, passphrase)
      .then((blob) => blob.arrayBuffer())
      .then(
        (buffer) => live && setData({ data: new Uint8Array(buffer) }),
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [node, passphrase, wanted]);
  return url ?? data;
}
