import type { NodeDto } from '@coffer/sdk';

export type PreviewKind = 'image' | 'video' | 'audio' | 'pdf' | 'markdown' | 'text' | 'none';

const textTypes = /^(text\/|application\/(json|xml))/;

/**
 * How a file is shown. HTML, SVG and XML are shown as their source text, never rendered: the server
 * serves them as attachments with a sandbox CSP anyway, and the app must never execute user content.
 */
export function previewKindOf(node: NodeDto): PreviewKind {
  const type = node.mimeType ?? '';
  if (type === 'image/svg+xml') return 'text';
  if (/^image\/(png|jpeg|gif|webp|avif|bmp|x-icon)$/.test(type)) return 'image';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  if (type === 'application/pdf') return 'pdf';
  if (type.startsWith('text/markdown')) return 'markdown';
  if (textTypes.test(type)) return 'text';
  return 'none';
}

/** Text previews read at most this much (a Range request), so a huge log cannot freeze the tab. */
export const textPreviewBytes = 1024 * 1024;
