import { CofferError } from '../../domain/index.js';
import { eventAttributes, type EventAttributes, type EventType, type LedgerEntry } from './ledger-event.js';

/**
 * The canonical binary encoding of a log entry (docs/format.md, "Integrity log entries"):
 *   "coffer/v1/ledger-entry" || 0x01 || u64be(index) || u64be(time ms) || field(type) || field(actor)
 *   || u8(count) || count × (u8 tag || field(value)), tags strictly increasing
 * One event has exactly one encoding, so the leaf hash identifies it.
 */
const magic = Buffer.from('coffer/v1/ledger-entry', 'ascii');
const formatVersion = 1;

type Kind = 'id' | 'u64' | 'hash' | 'word';
const tags: readonly { tag: number; name: keyof EventAttributes; kind: Kind }[] = [
  { tag: 1, name: 'userId', kind: 'id' },
  { tag: 2, name: 'nodeId', kind: 'id' },
  { tag: 3, name: 'versionId', kind: 'id' },
  { tag: 4, name: 'parentId', kind: 'id' },
  { tag: 5, name: 'sourceNodeId', kind: 'id' },
  { tag: 6, name: 'size', kind: 'u64' },
  { tag: 7, name: 'merkleRoot', kind: 'hash' },
  { tag: 8, name: 'manifestHash', kind: 'hash' },
  { tag: 9, name: 'commitment', kind: 'hash' },
  { tag: 10, name: 'plaintextMac', kind: 'hash' },
  { tag: 11, name: 'x25519Public', kind: 'hash' },
  { tag: 12, name: 'ed25519Public', kind: 'hash' },
  { tag: 13, name: 'role', kind: 'word' },
  { tag: 14, name: 'detail', kind: 'word' },
  { tag: 15, name: 'subjectId', kind: 'id' },
  { tag: 16, name: 'ownerId', kind: 'id' },
];
const idPattern = /^[0-9a-hjkmnp-tv-z]{26}$/;
const wordPattern = /^[a-z0-9_.-]{1,64}$/;

function field(value: Buffer): Buffer {
  const out = Buffer.alloc(2 + value.length);
  out.writeUInt16BE(value.length, 0);
  value.copy(out, 2);
  return out;
}

function u64(value: number): Buffer {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError('a ledger number must be a non-negative safe integer');
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt(value));
  return out;
}

function encodeValue(kind: Kind, value: unknown, name: string): Buffer {
  if (kind === 'u64') return u64(value as number);
  if (kind === 'hash') {
    if (!Buffer.isBuffer(value) || value.length !== 32) throw new TypeError(`ledger attribute ${name} must be 32 bytes`);
    return value;
  }
  const text = String(value);
  if (!(kind === 'id' ? idPattern : wordPattern).test(text)) throw new TypeError(`ledger attribute ${name} is not a valid ${kind}`);
  return Buffer.from(text, 'ascii');
}

export function encodeEntry(entry: LedgerEntry): Buffer {
  const required = eventAttributes[entry.type] as readonly string[] | undefined;
  if (!required) throw new TypeError(`unknown ledger event type ${entry.type}`);
  const present = tags.filter((t) => entry.attributes[t.name] !== undefined);
  const missing = required.filter((name) => !present.some((t) => t.name === name));
  if (missing.length > 0) throw new TypeError(`ledger event ${entry.type} lacks ${missing.join(', ')}`);
  if (entry.actorId !== null && !idPattern.test(entry.actorId)) throw new TypeError('ledger actor must be an id');
  const parts = [
    magic,
    Buffer.from([formatVersion]),
    u64(entry.index),
    u64(entry.time),
    field(Buffer.from(entry.type, 'ascii')),
    field(Buffer.from(entry.actorId ?? '', 'ascii')),
    Buffer.from([present.length]),
  ];
  for (const t of present) parts.push(Buffer.from([t.tag]), field(encodeValue(t.kind, entry.attributes[t.name], t.name)));
  return Buffer.concat(parts);
}

/** Decodes and re-encodes: anything that is not the one canonical encoding of a valid entry is refused. */
export function decodeEntry(bytes: Buffer): LedgerEntry {
  try {
    let at = 0;
    const take = (n: number): Buffer => {
      if (at + n > bytes.length) throw new RangeError('truncated');
      const out = bytes.subarray(at, at + n);
      at += n;
      return out;
    };
    const takeField = (): Buffer => take(take(2).readUInt16BE(0));
    if (!take(magic.length).equals(magic) || take(1)[0] !== formatVersion) throw new RangeError('not a v1 entry');
    const index = Number(take(8).readBigUInt64BE(0));
    const time = Number(take(8).readBigUInt64BE(0));
    const type = takeField().toString('ascii') as EventType;
    const actor = takeField().toString('ascii');
    const count = take(1)[0]!;
    const attributes: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) {
      const tag = take(1)[0]!;
      const spec = tags.find((t) => t.tag === tag);
      if (!spec) throw new RangeError('unknown tag');
      const value = takeField();
      attributes[spec.name] = spec.kind === 'u64' ? Number(value.readBigUInt64BE(0)) : spec.kind === 'hash' ? Buffer.from(value) : value.toString('ascii');
    }
    const entry: LedgerEntry = { index, time, type, actorId: actor === '' ? null : actor, attributes: attributes as EventAttributes };
    if (at !== bytes.length || !encodeEntry(entry).equals(bytes)) throw new RangeError('not canonical');
    return entry;
  } catch {
    throw new CofferError('ledger.integrity_failed', 'A log entry is not a valid canonical v1 entry.');
  }
}
