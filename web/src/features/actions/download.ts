import type { NodeDto } from '@coffer/sdk';
import { client } from '../../app/client';

/** Starts a download by navigation: the browser streams it to disk, the page never holds the bytes. */
function navigateTo(url: string): void {
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = '';
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}

export function downloadNodes(nodes: readonly NodeDto[], zipName: string): void {
  const [only] = nodes;
  if (nodes.length === 1 && only && only.type === 'file') navigateTo(client.contentUrl(only.id));
  else
    navigateTo(
      client.archiveUrl(
        nodes.map((node) => node.id),
        zipName,
      ),
    );
}

export function downloadVersion(node: NodeDto, versionId: string): void {
  navigateTo(client.contentUrl(node.id, { version: versionId }));
}

/**
 * A passphrase-protected file: the passphrase travels in a header, which a navigation cannot send,
 * so the content is fetched and handed to the browser as a Blob.
 */
export async function downloadWithPassphrase(node: NodeDto, passphrase: string): Promise<void> {
  const blob = await fetchBlob(node, passphrase);
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = node.name;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export async function fetchBlob(node: NodeDto, passphrase?: string, range?: { start: number; end: number }): Promise<Blob> {
  const result = await client.download(node.id, { passphrase, range });
  return new Response(result.stream, { headers: { 'content-type': node.mimeType ?? 'application/octet-stream' } }).blob();
}
