import type { NodeDto } from '@coffer/sdk';

export interface Glyph {
  readonly label: string;
  readonly tone: 'folder' | 'image' | 'media' | 'doc' | 'text' | 'other';
}

/** A small colored tag per kind of file, drawn with CSS: no icon font or emoji font is needed. */
export function fileGlyph(node: NodeDto): Glyph {
  if (node.type === 'folder') return { label: '', tone: 'folder' };
  const type = node.mimeType ?? '';
  const dot = node.name.lastIndexOf('.');
  const extension = dot > 0 ? node.name.slice(dot + 1, dot + 5).toUpperCase() : '';
  if (type.startsWith('image/')) return { label: extension || 'IMG', tone: 'image' };
  if (type.startsWith('video/') || type.startsWith('audio/')) return { label: extension || 'AV', tone: 'media' };
  if (type === 'application/pdf' || /word|sheet|presentation|opendocument/.test(type)) return { label: extension || 'DOC', tone: 'doc' };
  if (type.startsWith('text/') || type === 'application/json') return { label: extension || 'TXT', tone: 'text' };
  return { label: extension || 'FILE', tone: 'other' };
}
