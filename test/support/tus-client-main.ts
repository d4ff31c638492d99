/**
 * A tus-js-client upload in its own process, so a test can kill it (SIGKILL) mid-transfer like a crashed
 * client. Arguments come as JSON in TUS_CLIENT_ARGS; progress and the upload URL are printed as JSON lines.
 */
import { createReadStream, statSync } from 'node:fs';
import * as tus from 'tus-js-client';

interface Args {
  readonly file: string;
  readonly endpoint: string;
  readonly token: string;
  readonly parentId: string;
  readonly filename: string;
  readonly chunkSize: number;
  readonly uploadUrl?: string;
}

const args = JSON.parse(process.env['TUS_CLIENT_ARGS'] ?? '{}') as Args;
const say = (event: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify(event)}\n`);

const upload = new tus.Upload(createReadStream(args.file), {
  endpoint: args.endpoint,
  ...(args.uploadUrl ? { uploadUrl: args.uploadUrl } : {}),
  uploadSize: statSync(args.file).size,
  chunkSize: args.chunkSize,
  headers: { authorization: `Bearer ${args.token}` },
  metadata: { parentId: args.parentId, filename: args.filename },
  retryDelays: [100, 500, 1000],
  onUploadUrlAvailable: () => say({ url: upload.url }),
  onProgress: (sent: number, total: number) => say({ sent, total }),
  onSuccess: () => {
    say({ done: true, url: upload.url });
    process.exit(0);
  },
  onError: (err: Error) => {
    say({ error: err.message });
    process.exit(1);
  },
});
upload.start();
