import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CofferError } from '../../domain/index.js';
import { checksumAlgorithms, type UploadStatus } from '../../features/uploads/index.js';
import type { AuthContext } from '../../features/auth/index.js';
import { authenticate } from '../authenticate.js';
import { authorize } from '../authorize.js';
import { apiPrefix } from '../define-route.js';
import type { HttpServices } from '../http-services.js';
import { readPassphrase } from '../passphrase-header.js';
import { byteCount, isOctetStream, parseChecksum, parseMetadata, requireByteCount } from '../tus-headers.js';

const tusVersion = '1.0.0';
const collection = `${apiPrefix}/uploads`;
const resource = `${collection}/:id`;

/**
 * tus 1.0.0 resumable uploads (docs/tus.md). The headers are the protocol, so these routes read them
 * directly rather than through a JSON contract; each still authenticates (cookie writes need
 * X-Coffer-Request like every other write), authorizes and calls one TusUploadService method.
 */
export function registerTusRoutes(app: FastifyInstance, services: HttpServices): void {
  const { sessions, tus } = services;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('tus-resumable', tusVersion);
    if (request.method === 'OPTIONS' || request.headers['tus-resumable'] === tusVersion) return;
    void reply.header('tus-version', tusVersion);
    throw new CofferError('tus.version_unsupported');
  });

  const signedIn = async (request: FastifyRequest): Promise<AuthContext> => {
    const auth = await authenticate(request, sessions);
    // Resumable uploads write to the account's own drive: the same level as the other upload routes.
    const method = request.method === 'HEAD' ? 'GET' : (request.method as 'POST' | 'PATCH' | 'DELETE');
    authorize({ auth: 'member', method }, auth);
    return auth as AuthContext;
  };

  const options = async (_request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    await reply
      .code(204)
      .headers({
        'tus-version': tusVersion,
        'tus-extension': 'creation,creation-with-upload,termination,checksum,expiration',
        'tus-max-size': String(tus.options.maxSizeBytes),
        'tus-checksum-algorithm': checksumAlgorithms.join(','),
      })
      .send();
  };
  app.options(collection, options);
  app.options(resource, options);

  app.post(collection, async (request, reply) => {
    const auth = await signedIn(request);
    if (request.headers['upload-defer-length'] !== undefined)
      throw new CofferError('request.invalid', 'Deferred upload length is not supported: send Upload-Length.');
    const length = requireByteCount(request, 'upload-length');
    const metadata = parseMetadata(request);
    const withBody = hasBody(request);
    if (withBody && !isOctetStream(request)) throw new CofferError('tus.content_type');
    const onConflict = metadata.get('onConflict') ?? 'fail';
    if (onConflict !== 'fail' && onConflict !== 'version') throw new CofferError('request.invalid', 'Upload-Metadata onConflict must be "fail" or "version".');
    const parentId = metadata.get('parentId');
    const name = metadata.get('filename') ?? metadata.get('name');
    if (!parentId || name === undefined) throw new CofferError('request.invalid', 'Upload-Metadata must carry parentId and filename.');
    const status = await tus.create(
      auth,
      { parentId, name, onConflict, length, passphrase: readPassphrase(request) },
      withBody ? { body: request.raw, contentLength: byteCount(request, 'content-length'), checksum: parseChecksum(request) } : undefined,
    );
    void reply.header('location', `${collection}/${status.id}`);
    if (withBody || status.node) void reply.header('upload-offset', String(status.offset));
    await present(reply.code(201), status);
  });

  app.head(resource, async (request, reply) => {
    const auth = await signedIn(request);
    const status = await tus.status(auth, idOf(request));
    await present(
      reply.code(200).headers({ 'upload-length': String(status.length), 'upload-offset': String(status.offset), 'cache-control': 'no-store' }),
      status,
    );
  });

  app.patch(resource, async (request, reply) => {
    const auth = await signedIn(request);
    if (!isOctetStream(request)) throw new CofferError('tus.content_type');
    const status = await tus.append(auth, idOf(request), {
      offset: requireByteCount(request, 'upload-offset'),
      body: request.raw,
      contentLength: byteCount(request, 'content-length'),
      checksum: parseChecksum(request),
    });
    await present(reply.code(204).header('upload-offset', String(status.offset)), status);
  });

  app.delete(resource, async (request, reply) => {
    const auth = await signedIn(request);
    await tus.terminate(auth, idOf(request));
    await reply.code(204).send();
  });
}

/** Expiry while the upload lives; once it committed, the new file's id instead (the upload resource is gone). */
async function present(reply: FastifyReply, status: UploadStatus): Promise<void> {
  if (status.node) void reply.headers({ 'coffer-file-id': status.node.id, 'coffer-version': String(status.node.versionNumber ?? '') });
  else void reply.header('upload-expires', new Date(status.expiresAt).toUTCString());
  await reply.send();
}

function idOf(request: FastifyRequest): string {
  const id = (request.params as { id?: unknown }).id;
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new CofferError('tus.not_found');
  return id;
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
