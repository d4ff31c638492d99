import { readFileSync } from 'node:fs';
import path from 'node:path';

const fixtures = path.resolve('test/fixtures');

export interface FilePayload {
  readonly name: string;
  readonly mimeType: string;
  readonly buffer: Buffer;
}

/** The app's own 192 px icon: a real PNG. */
export const png: FilePayload = { name: 'padlock.png', mimeType: 'image/png', buffer: readFileSync(path.resolve('web/public/icon-192.png')) };

/** A 4-second VP8 WebM (64×48, 5 KB) recorded once from a canvas in Chromium; see test/fixtures/README.md. */
export const webm: FilePayload = { name: 'clip.webm', mimeType: 'video/webm', buffer: readFileSync(path.join(fixtures, 'clip.webm')) };

export const pdf: FilePayload = { name: 'letter.pdf', mimeType: 'application/pdf', buffer: minimalPdf('Hello from Coffer') };

export const markdown: FilePayload = {
  name: 'notes.md',
  mimeType: 'text/markdown',
  buffer: Buffer.from('# Notes\n\nSome **bold** text.\n\n<script>alert("md")</script>\n\n[bad link](javascript:alert(1))\n'),
};

export function text(name: string, content: string): FilePayload {
  return { name, mimeType: 'text/plain', buffer: Buffer.from(content) };
}

/** A one-page PDF with one line of text, cross-reference offsets computed so strict readers accept it. */
function minimalPdf(line: string): Buffer {
  const stream = `BT /F1 24 Tf 72 720 Td (${line}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
