import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import { CofferError, isId } from '../../domain/index.js';
import { api, type NodeDto } from '../../api/index.js';
import { defineRoute } from '../define-route.js';
import type { HttpServices } from '../http-services.js';
import { presentNode } from '../presenters.js';

/**
 * Browser-style multipart upload. Fields must come before the file parts (the form is read as a
 * stream and each file is encrypted as it arrives, so later fields would be too late).
 */
export async function registerFormUploadRoute(app: FastifyInstance, services: HttpServices): Promise<void> {
  await app.register(multipart, {
    limits: { fileSize: Number.MAX_SAFE_INTEGER, files: 1000, fields: 20, fieldSize: 4096, parts: 1100, headerPairs: 100 },
    throwFileSizeLimit: true,
  });

  defineRoute(app, services.sessions, api.uploadForm, async ({ auth, request }) => {
    if (!request.isMultipart()) throw new CofferError('request.unsupported_media_type', 'Send a multipart/form-data body.');
    const fields: Record<string, string> = {};
    const items: NodeDto[] = [];
    // The form parser reports a malformed form (no boundary, a part cut short, garbage) as plain errors, from the
    // part iterator or by destroying a file part's stream: those are the client's fault (400), not server failures.
    const malformed = (err: unknown): unknown =>
      err instanceof CofferError || typeof err !== 'object' || err === null ? err : new CofferError('request.malformed_multipart');
    const parts = request.parts();
    for (;;) {
      const next = await parts.next().catch((err: unknown) => Promise.reject(malformed(err)));
      if (next.done) break;
      const part = next.value;
      if (part.type === 'field') {
        fields[part.fieldname] = String(part.value);
        continue;
      }
      const parentId = fields['parentId'];
      if (!parentId || !isId(parentId)) {
        part.file.resume();
        throw new CofferError('request.invalid', 'The form must give a valid parentId field before the files.');
      }
      const streamErrors = new Set<unknown>();
      part.file.on('error', (err: unknown) => streamErrors.add(err));
      const onConflict = fields['onConflict'] === 'version' ? 'version' : 'fail';
      const passphrase = fields['passphrase'] || undefined;
      const { node } = await services.upload
        .uploadNew(auth, { parentId, name: part.filename, onConflict, body: part.file, passphrase })
        .catch((err: unknown) => Promise.reject(streamErrors.has(err) || (err !== null && err === part.file.errored) ? malformed(err) : err));
      if (part.file.truncated) throw new CofferError('upload.incomplete');
      items.push(presentNode(node));
    }
    if (items.length === 0) throw new CofferError('request.invalid', 'The form holds no file.');
    return { items };
  });
}
