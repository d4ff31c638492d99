import { parentPort } from 'node:worker_threads';
import { IntegrityError } from '../../domain/index.js';
import { openObject, sealObject, type OpenObjectJob, type SealObjectJob } from './object-codec.js';
import { releaseTransientMemory } from './transient-memory.js';
import { MacStreams, type MacJob } from './mac-streams.js';
import { transferable } from './transferable.js';

/**
 * Worker side of crypto-pool.ts: seals or opens one object per message, writing into the output buffer
 * the main thread lent it, and hands every large buffer back. Large buffers are thus allocated and freed
 * by the main thread only, which keeps memory from piling up in a worker waiting for its next GC.
 */
type Request =
  | { id: number; op: 'seal'; job: SealObjectJob; out: Uint8Array }
  | { id: number; op: 'mac'; job: MacJob; out: Uint8Array }
  | { id: number; op: 'open'; job: OpenObjectJob; out: Uint8Array }
  | { id: number; op: 'drop-mac'; stream: number };

const macs = new MacStreams();

const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

parentPort?.on('message', (request: Request) => {
  if (request.op === 'drop-mac') return macs.drop(request.stream);
  const input = request.op === 'open' ? request.job.sealed : request.job.plaintext;
  // Transferred buffers go back (even on failure: they belong to the main thread); shared ones never left it.
  const lent = transferable([input, request.out]);
  const returned = lent.length === 0 ? {} : { out: request.out, input };
  try {
    if (request.op === 'mac') {
      const mac = macs.update(request.job.mac, request.job.plaintext, request.job.endsMessage);
      parentPort?.postMessage({ id: request.id, ok: true, ...returned, ...(mac ? { mac } : {}) }, lent);
      return;
    }
    if (request.op === 'seal') {
      const { job } = request;
      // Before sealing: the object may be sealed in place, over its plaintext.
      const mac = job.mac ? macs.update(job.mac, job.plaintext, job.endsMessage) : undefined;
      const sealed = sealObject(job, asBuffer(request.out));
      parentPort?.postMessage({ id: request.id, ok: true, ...returned, key: sealed.key, ...(mac ? { mac } : {}) }, lent);
    } else {
      openObject(request.job, asBuffer(request.out));
      parentPort?.postMessage({ id: request.id, ok: true, ...returned }, lent);
    }
  } catch (err) {
    const failure = { id: request.id, ok: false, integrity: err instanceof IntegrityError, message: err instanceof Error ? err.message : String(err) };
    parentPort?.postMessage({ ...failure, ...returned }, lent);
  }
  // Each chunk left a few 16 KiB buffers behind (transient-memory.ts).
  releaseTransientMemory();
});
