import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { IntegrityError } from '../../domain/index.js';
import { BufferPool } from './buffer-pool.js';
import { transferable } from './transferable.js';
import { MacStreams, type MacJob, type MacStep } from './mac-streams.js';
import { fullObjectBytes } from './layout.js';
import { openObject, sealedObjectSize, sealObject, type OpenObjectJob, type SealedObject, type SealObjectJob } from './object-codec.js';

interface Done {
  readonly out: Uint8Array;
  readonly input: Uint8Array;
  readonly key?: string;
  readonly mac?: Uint8Array;
}

/** A sealed object, plus the plaintext buffer the caller lent (usable again once this resolves). */
export interface SealResult extends SealedObject {
  readonly plaintext: Buffer;
  /** The plaintext commitment, on the last object of a job stream that asked for one (`SealObjectJob.mac`). */
  readonly mac?: Buffer;
}

/** An opened run of chunks, plus the sealed buffer the caller lent. */
export interface OpenResult {
  readonly plaintext: Buffer;
  readonly sealed: Buffer;
}

interface Pending {
  resolve(value: Done): void;
  reject(err: Error): void;
  /** The lent buffers: shared ones stay valid here, transferred ones come back in the reply. */
  readonly input: Uint8Array;
  readonly out: Uint8Array;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

type Reply =
  | { id: number; ok: true; out?: Uint8Array; input?: Uint8Array; key?: string; mac?: Uint8Array }
  | { id: number; ok: false; integrity: boolean; message: string };

/**
 * Runs object sealing and opening (AES-GCM per 16 KiB chunk plus SHA-256 per object) on worker
 * threads, so a transfer uses every core while the main thread only moves bytes. With zero workers
 * the same functions run inline, which tests and tiny reads use.
 */
export class ContentCryptoPool {
  /**
   * Object-sized buffers lent to the workers and recycled by the chunk engine (buffer-pool.ts). Each is a sealed
   * object's size: an upload seals each object in the buffer that holds its plaintext, and a download opens each
   * object in the buffer it was read into.
   */
  readonly objectBuffers = new BufferPool(fullObjectBytes, 12, true);
  private readonly slots: Slot[] = [];
  private nextId = 1;
  /** Which worker holds each open plaintext-commitment stream; the inline pool keeps them here. */
  private readonly macSlots = new Map<number, Slot>();
  private readonly inlineMacs = new MacStreams();
  private nextStream = 1;

  private constructor(size: number) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /** One worker per core by default: the main thread mostly waits on sockets and disks. */
  static create(size = Math.min(4, availableParallelism())): ContentCryptoPool {
    return new ContentCryptoPool(size);
  }

  static inline(): ContentCryptoPool {
    return new ContentCryptoPool(0);
  }

  /**
   * Seals a plaintext run into `into` (when given and large enough). The job's plaintext buffer is lent
   * to a worker: use the one returned in the result, not the original, which may now be detached.
   */
  async seal(job: SealObjectJob, into?: Buffer): Promise<SealResult> {
    const size = sealedObjectSize(job.plaintext.length, job.endsMessage);
    const out = into && into.length >= size ? into.subarray(0, size) : Buffer.allocUnsafeSlow(size);
    if (this.slots.length === 0) {
      const mac = job.mac ? this.inlineMacs.update(job.mac, job.plaintext, job.endsMessage) : undefined;
      return { ...sealObject(job, out), plaintext: asBuffer(job.plaintext), ...(mac ? { mac } : {}) };
    }
    const slot = job.mac ? this.macSlots.get(job.mac.stream) : undefined;
    if (job.mac && (!slot || !this.slots.includes(slot))) throw new Error('the plaintext commitment of this upload was lost (a crypto worker restarted)');
    if (job.mac && slot && this.slots.length > 1 && job.plaintext.buffer instanceof SharedArrayBuffer) return this.macThenSeal(job, job.mac, out, slot);
    const reply = await this.dispatch('seal', { ...job, plaintext: owned(job.plaintext) }, out, slot);
    return { bytes: asBuffer(reply.out), key: reply.key as string, plaintext: asBuffer(reply.input), ...(reply.mac ? { mac: asBuffer(reply.mac) } : {}) };
  }

  /**
   * An upload's objects must reach its commitment's HMAC in order, on the one worker that holds it, but sealing them
   * needs no order. Pinning the whole seal to that worker made one thread do all of an upload's crypto (2.4 CPU-s per
   * GiB) while the main thread waited for buffers half the time; so that worker only feeds the HMAC, and the least
   * busy worker seals the object once it has (sealing in place overwrites the plaintext). The HMAC message is posted
   * before this method first awaits, so objects reach the HMAC in the order the writer hands them over.
   */
  private async macThenSeal(job: SealObjectJob, mac: MacStep, out: Buffer, macSlot: Slot): Promise<SealResult> {
    // Shared memory: nothing is transferred, and the worker writes nothing (its `out` is the plaintext itself).
    const fed = await this.dispatch('mac', { mac, plaintext: job.plaintext, endsMessage: job.endsMessage }, asBuffer(job.plaintext), macSlot);
    const reply = await this.dispatch('seal', { ...job, mac: undefined }, out);
    return { bytes: asBuffer(reply.out), key: reply.key as string, plaintext: asBuffer(job.plaintext), ...(fed.mac ? { mac: asBuffer(fed.mac) } : {}) };
  }

  /**
   * Starts a plaintext-commitment stream: seal jobs that name it go, in order, to one worker, which feeds each
   * object's plaintext to the stream's HMAC (mac-streams.ts). Close it when the upload ends, however it ends.
   */
  openMacStream(): number {
    const stream = this.nextStream++;
    if (this.slots.length > 0) this.macSlots.set(stream, this.leastBusy());
    return stream;
  }

  closeMacStream(stream: number): void {
    this.inlineMacs.drop(stream);
    const slot = this.macSlots.get(stream);
    this.macSlots.delete(stream);
    if (slot && this.slots.includes(slot)) slot.worker.postMessage({ id: 0, op: 'drop-mac', stream });
  }

  /** Opens a run of chunks into `into` (when given and large enough); the sealed buffer is lent like seal()'s plaintext. */
  async open(job: OpenObjectJob, into?: Buffer): Promise<OpenResult> {
    const size = job.chunkLengths.reduce((sum, n) => sum + n, 0);
    const out = into && into.length >= size ? into.subarray(0, size) : Buffer.allocUnsafeSlow(size);
    // Small reads (a Range request of a few chunks) cost less inline than a round trip to a worker.
    if (this.slots.length === 0 || job.sealed.length < 64 * 1024) return { plaintext: openObject(job, out), sealed: asBuffer(job.sealed) };
    const reply = await this.dispatch('open', { ...job, sealed: owned(job.sealed) }, out);
    return { plaintext: asBuffer(reply.out), sealed: asBuffer(reply.input) };
  }

  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  /** Lends the input and a main-thread output buffer to the least busy worker; both come back with the reply. */
  private dispatch(op: 'seal' | 'open' | 'mac', job: SealObjectJob | OpenObjectJob | MacJob, out: Buffer, to?: Slot): Promise<Done> {
    const slot = to ?? this.leastBusy();
    const id = this.nextId++;
    const input = 'sealed' in job ? job.sealed : job.plaintext;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject, input, out });
      slot.worker.postMessage({ id, op, job, out }, transferable([input, out]));
    });
  }

  private leastBusy(): Slot {
    return this.slots.reduce((best, s) => (s.pending.size < best.pending.size ? s : best));
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startWorker(), pending: new Map() };
    slot.worker.unref();
    slot.worker.on('message', (reply: Reply) => {
      const pending = slot.pending.get(reply.id);
      if (!pending) return;
      slot.pending.delete(reply.id);
      if (reply.ok)
        pending.resolve({
          out: reply.out ?? pending.out,
          input: reply.input ?? pending.input,
          ...(reply.key === undefined ? {} : { key: reply.key }),
          ...(reply.mac === undefined ? {} : { mac: reply.mac }),
        });
      else
        pending.reject(
          reply.integrity ? new IntegrityError(reply.message.replace(/^Integrity check failed: /, '').replace(/\.$/, '')) : new Error(reply.message),
        );
    });
    slot.worker.on('error', (err) => this.replace(slot, err));
    slot.worker.on('exit', (code) => {
      if (this.slots.includes(slot)) this.replace(slot, new Error(`crypto worker exited with code ${code}`));
    });
    return slot;
  }

  private replace(slot: Slot, err: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    for (const pending of slot.pending.values()) pending.reject(err);
    this.slots[index] = this.spawn();
  }
}

/**
 * Built code runs the compiled worker. When the server runs from TypeScript source (tests, tsx), the
 * worker registers tsx's loader first: loader hooks are per thread in Node 20.
 */
const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * A buffer that can be lent to a worker: shared memory (BufferPool's), or a plain ArrayBuffer not shared with
 * Node's small-buffer pool (a view of a larger buffer of our own is fine: the whole memory travels and comes back).
 */
function owned(bytes: Uint8Array): Uint8Array {
  if (bytes.buffer instanceof SharedArrayBuffer || (bytes.buffer instanceof ArrayBuffer && bytes.buffer.byteLength >= 64 * 1024)) return bytes;
  const copy = Buffer.allocUnsafeSlow(bytes.byteLength);
  copy.set(bytes);
  return copy;
}

/** A worker holds at most a few objects at a time: a small heap makes it collect often and stay small. */
const resourceLimits = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 32 };

function startWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./crypto-worker.js', here), { resourceLimits });
  const source = JSON.stringify(new URL('./crypto-worker.ts', here).href);
  // tsx's ESM register API (the CommonJS entry resolves its loader relative to the wrong folder).
  const tsxApi = JSON.stringify(
    pathToFileURL(
      createRequire(here)
        .resolve('tsx/esm/api')
        .replace(/\.cjs$/, '.mjs'),
    ).href,
  );
  const bootstrap = `import(${tsxApi}).then((tsx) => { tsx.register(); return import(${source}); });`;
  return new Worker(bootstrap, { eval: true, resourceLimits });
}
