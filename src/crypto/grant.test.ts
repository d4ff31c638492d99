import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newId } from '../domain/index.js';
import { grantMessage, signGrant, verifyGrant, type GrantFields } from './grant.js';
import { generateEd25519 } from './keypairs.js';

describe('share grant signatures', () => {
  const sharer = generateEd25519();
  const grant: GrantFields = {
    grantId: newId(),
    nodeId: newId(),
    nodeType: 'folder',
    ownerId: newId(),
    sharerId: newId(),
    recipientId: newId(),
    recipientPublicKey: randomBytes(32),
    permission: 'read',
    expiresAt: 1_900_000_000_000,
    wrappedKey: randomBytes(80),
  };

  it('verifies the signed grant and refuses any changed field or another signer', () => {
    const signature = signGrant(sharer.privateKey, grant);
    expect(verifyGrant(sharer.publicKey, grant, signature)).toBe(true);
    const changes: Partial<GrantFields>[] = [
      { grantId: newId() },
      { nodeId: newId() },
      { nodeType: 'file' },
      { ownerId: newId() },
      { sharerId: newId() },
      { recipientId: newId() },
      { recipientPublicKey: randomBytes(32) },
      { permission: 'write' },
      { expiresAt: null },
      { expiresAt: 1_900_000_000_001 },
      { wrappedKey: randomBytes(80) },
    ];
    for (const change of changes) expect(verifyGrant(sharer.publicKey, { ...grant, ...change }, signature), JSON.stringify(Object.keys(change))).toBe(false);
    expect(verifyGrant(generateEd25519().publicKey, grant, signature)).toBe(false);
  });

  it('encodes fields with length prefixes, so shifting bytes between fields changes the message', () => {
    const message = grantMessage(grant);
    expect(message.subarray(0, 15).toString('latin1')).toBe('coffer/v1/grant');
    expect(message.readUInt16BE(15)).toBe(26);
    expect(() => grantMessage({ ...grant, nodeId: 'not-an-id' })).toThrow(TypeError);
  });
});
