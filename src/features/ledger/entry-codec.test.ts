import { describe, expect, it } from 'vitest';
import { CofferError } from '../../domain/index.js';
import { decodeEntry, encodeEntry } from './entry-codec.js';
import type { LedgerEntry } from './ledger-event.js';

const id = (c: string): string => c.repeat(26);
const upload: LedgerEntry = {
  index: 7,
  time: 1_700_000_000_000,
  type: 'file.uploaded',
  actorId: id('a'),
  attributes: {
    nodeId: id('b'),
    parentId: id('c'),
    versionId: id('d'),
    size: 123_456,
    merkleRoot: Buffer.alloc(32, 1),
    manifestHash: Buffer.alloc(32, 2),
    commitment: Buffer.alloc(32, 3),
    plaintextMac: Buffer.alloc(32, 4),
  },
};

describe('ledger entry encoding', () => {
  it('round-trips and has the documented layout', () => {
    const bytes = encodeEntry(upload);
    expect(decodeEntry(bytes)).toEqual(upload);
    expect(bytes.subarray(0, 23).toString('latin1')).toBe('coffer/v1/ledger-entry\x01');
    expect(bytes.readBigUInt64BE(23)).toBe(7n);
    expect(bytes.readBigUInt64BE(31)).toBe(1_700_000_000_000n);
    expect(bytes.subarray(39, 41).readUInt16BE(0)).toBe('file.uploaded'.length);
  });

  it('an entry with a server actor encodes an empty actor', () => {
    const purge: LedgerEntry = { index: 0, time: 1, type: 'node.purged', actorId: null, attributes: { nodeId: id('e') } };
    expect(decodeEntry(encodeEntry(purge))).toEqual(purge);
  });

  it('encodes sharing events with their subject and owner, and refuses a grant without its recipient key', () => {
    const grant: LedgerEntry = {
      index: 3,
      time: 2,
      type: 'share.granted',
      actorId: id('a'),
      attributes: { userId: id('b'), nodeId: id('c'), x25519Public: Buffer.alloc(32, 5), subjectId: id('d'), ownerId: id('a') },
    };
    expect(decodeEntry(encodeEntry(grant))).toEqual(grant);
    const opened: LedgerEntry = {
      index: 4,
      time: 3,
      type: 'link.opened',
      actorId: null,
      attributes: { nodeId: id('c'), subjectId: id('e'), ownerId: id('a') },
    };
    expect(decodeEntry(encodeEntry(opened))).toEqual(opened);
    expect(() => encodeEntry({ ...grant, attributes: { ...grant.attributes, x25519Public: undefined } })).toThrow(/lacks x25519Public/);
  });

  it('refuses missing attributes, bad ids and free text', () => {
    expect(() => encodeEntry({ ...upload, attributes: { ...upload.attributes, commitment: undefined } })).toThrow(/lacks commitment/);
    expect(() => encodeEntry({ ...upload, actorId: 'alice@example.com' })).toThrow(TypeError);
    expect(() => encodeEntry({ ...upload, type: 'account.updated', attributes: { userId: id('f'), role: 'user', detail: 'Alice Smith' } })).toThrow(TypeError);
  });

  it('refuses every non-canonical or damaged encoding', () => {
    const bytes = encodeEntry(upload);
    expect(() => decodeEntry(Buffer.concat([bytes, Buffer.from([0])]))).toThrow(CofferError);
    expect(() => decodeEntry(bytes.subarray(0, bytes.length - 1))).toThrow(CofferError);
    const otherVersion = Buffer.from(bytes);
    otherVersion[22] = 2;
    expect(() => decodeEntry(otherVersion)).toThrow(CofferError);
    // Swap the first two attributes (tags 2 and 3 would then be out of order).
    const start = 39 + 2 + 'file.uploaded'.length + 2 + 26 + 1;
    const first = bytes.subarray(start, start + 1 + 2 + 26);
    const second = bytes.subarray(start + 29, start + 58);
    const swapped = Buffer.concat([bytes.subarray(0, start), second, first, bytes.subarray(start + 58)]);
    expect(swapped.length).toBe(bytes.length);
    expect(() => decodeEntry(swapped)).toThrow(CofferError);
  });
});
