import { describe, expect, it } from 'vitest';
import { IntegrityError, newId } from '../domain/index.js';
import { nameLookupHash, openName, randomKey, sealName } from './index.js';
import { nameAad } from './names.js';

describe('sealed names', () => {
  const folderKey = randomKey();
  const nodeId = newId();
  const parentId = newId();

  it('round-trips, including non-ASCII names, with the documented layout', () => {
    for (const name of ['report.pdf', 'Café – notes 📝', 'x'.repeat(255)]) {
      const sealed = sealName(folderKey, name, nodeId, parentId);
      expect(sealed[0]).toBe(0x01);
      expect(sealed.length).toBe(1 + 12 + Buffer.byteLength(name) + 16);
      expect(openName(folderKey, sealed, nodeId, parentId)).toBe(name);
    }
  });

  it('AAD = "coffer/v1/name" || u16 len || nodeId || u16 len || parentId', () => {
    const aad = nameAad(nodeId, parentId);
    expect(
      aad.equals(Buffer.concat([Buffer.from('coffer/v1/name'), Buffer.from([0, 26]), Buffer.from(nodeId), Buffer.from([0, 26]), Buffer.from(parentId)])),
    ).toBe(true);
    expect(
      nameAad(nodeId, '')
        .subarray(-2)
        .equals(Buffer.from([0, 0])),
    ).toBe(true);
  });

  it('fails when nodeId and parentId are swapped, or either changes', () => {
    const sealed = sealName(folderKey, 'secret plan.txt', nodeId, parentId);
    expect(() => openName(folderKey, sealed, parentId, nodeId)).toThrow(IntegrityError);
    expect(() => openName(folderKey, sealed, newId(), parentId)).toThrow(IntegrityError);
    expect(() => openName(folderKey, sealed, nodeId, newId())).toThrow(IntegrityError);
    expect(() => openName(folderKey, sealed, nodeId, '')).toThrow(IntegrityError);
    expect(() => openName(randomKey(), sealed, nodeId, parentId)).toThrow('name');
  });

  it('fails for flipped bits and truncation', () => {
    const sealed = sealName(folderKey, 'abc', nodeId, parentId);
    for (let bit = 0; bit < sealed.length * 8; bit++) {
      const bad = Buffer.from(sealed);
      bad[bit >> 3]! ^= 1 << (bit & 7);
      expect(() => openName(folderKey, bad, nodeId, parentId)).toThrow(IntegrityError);
    }
    for (let n = 0; n < sealed.length; n++) expect(() => openName(folderKey, sealed.subarray(0, n), nodeId, parentId)).toThrow(IntegrityError);
  });

  it('rejects ids that are not Coffer ids', () => {
    expect(() => sealName(folderKey, 'a', nodeId.toUpperCase(), parentId)).toThrow(TypeError);
    expect(() => sealName(folderKey, 'a', nodeId, 'parent')).toThrow(TypeError);
    expect(() => sealName(folderKey, 'a', '', parentId)).toThrow(TypeError);
  });
});

describe('name lookup hash', () => {
  const folderKey = randomKey();

  it('is equal for equal NFC input and differs otherwise', () => {
    const composed = 'Caf\u00e9';
    const decomposed = 'Cafe\u0301';
    expect(nameLookupHash(folderKey, composed).equals(nameLookupHash(folderKey, decomposed.normalize('NFC')))).toBe(true);
    expect(nameLookupHash(folderKey, composed).equals(nameLookupHash(folderKey, decomposed))).toBe(true);
    expect(nameLookupHash(folderKey, composed).length).toBe(32);
    expect(nameLookupHash(folderKey, 'cafe\u0301').equals(nameLookupHash(folderKey, composed))).toBe(false);
    expect(nameLookupHash(randomKey(), composed).equals(nameLookupHash(folderKey, composed))).toBe(false);
  });
});
