import { parentPort } from 'node:worker_threads';
import { IntegrityError } from '../../domain/index.js';
import { openObject, sealObject, type OpenObjectJob, type SealObjectJob } from './object-codec.js';

/** Worker side of crypto-pool.ts: seals or opens one object per message. */
type Request = { id: number; op: 'seal'; job: SealObjectJob } | { id: number; op: 'open'; job: OpenObjectJob };

parentPort?.on('message', (request: Request) => {
  try {
    if (request.op === 'seal') {
      const sealed = sealObject(request.job);
      parentPort?.postMessage({ id: request.id, ok: true, bytes: sealed.bytes, key: sealed.key }, [sealed.bytes.buffer as ArrayBuffer]);
    } else {
      const plaintext = openObject(request.job);
      parentPort?.postMessage({ id: request.id, ok: true, bytes: plaintext }, [plaintext.buffer as ArrayBuffer]);
    }
  } catch (err) {
    parentPort?.postMessage({ id: request.id, ok: false, integrity: err instanceof IntegrityError, message: err instanceof Error ? err.message : String(err) });
  }
});
