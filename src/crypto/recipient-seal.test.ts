import { execFileSync } from 'node:child_process';
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IntegrityError } from '../domain/index.js';
import { hkdfExpand, hkdfExtract } from './hkdf.js';
import { generateX25519, x25519PublicKey } from './keypairs.js';
import { openFromRecipient, sealToRecipient } from './recipient-seal.js';

/** Test-only bech32 decoding of an age identity (checksum not verified: the input comes from age-keygen). */
function bech32Bytes(text: string): Buffer {
  const charset = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
  const values = [...text.toLowerCase().slice(text.lastIndexOf('1') + 1, -6)].map((c) => charset.indexOf(c));
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const v of values) {
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((acc >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

const hkdf = (ikm: Buffer, salt: Buffer, info: string) => hkdfExpand('sha256', hkdfExtract('sha256', salt, ikm), Buffer.from(info), 32);
const b64 = (data: Uint8Array) => Buffer.from(data).toString('base64').replace(/=+$/, '');

describe('age X25519 recipient stanza', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'coffer-age-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('round-trips a key and refuses a wrong private key or any altered byte', () => {
    const recipient = generateX25519();
    const key = randomBytes(32);
    const stanza = sealToRecipient(recipient.publicKey, key);
    expect(stanza.length).toBe(32 + 32 + 16);
    expect(openFromRecipient(recipient.privateKey, stanza)).toEqual(key);
    expect(() => openFromRecipient(generateX25519().privateKey, stanza)).toThrow(IntegrityError);
    for (const offset of [0, 31, 32, stanza.length - 1]) {
      const altered = Buffer.from(stanza);
      altered[offset]! ^= 1;
      expect(() => openFromRecipient(recipient.privateKey, altered)).toThrow(IntegrityError);
    }
    expect(() => openFromRecipient(recipient.privateKey, stanza.subarray(0, 48))).toThrow(IntegrityError);
    // Two seals of one key differ (fresh ephemeral key each time).
    expect(sealToRecipient(recipient.publicKey, key).equals(stanza)).toBe(false);
  });

  it('refuses a low-order ephemeral share (all-zero shared secret), as age does', () => {
    const recipient = generateX25519();
    const stanza = Buffer.concat([Buffer.alloc(32), randomBytes(48)]);
    expect(() => openFromRecipient(recipient.privateKey, stanza)).toThrow(IntegrityError);
  });

  it('opens the stanza the age command writes, and age opens a file built on our stanza', () => {
    execFileSync('age-keygen', ['-o', path.join(work, 'key.txt')], { stdio: 'ignore' });
    const identityLine = readFileSync(path.join(work, 'key.txt'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith('AGE-SECRET-KEY-'))!;
    const privateKey = bech32Bytes(identityLine);
    const recipientLine = execFileSync('age-keygen', ['-y', path.join(work, 'key.txt')], { encoding: 'utf8' }).trim();
    expect(bech32Bytes(recipientLine)).toEqual(x25519PublicKey(privateKey));

    // age → Coffer: our opener recovers age's file key, proven by the header MAC age computed with it.
    writeFileSync(path.join(work, 'plain.txt'), 'hello age');
    execFileSync('age', ['-r', recipientLine, '-o', path.join(work, 'by-age.age'), path.join(work, 'plain.txt')]);
    const file = readFileSync(path.join(work, 'by-age.age'));
    const text = file.toString('latin1');
    const match = /^age-encryption\.org\/v1\n-> X25519 (\S+)\n(\S+)\n--- (\S+)\n/.exec(text)!;
    const stanza = Buffer.concat([Buffer.from(match[1]!, 'base64'), Buffer.from(match[2]!, 'base64')]);
    const fileKey = openFromRecipient(privateKey, stanza);
    expect(fileKey.length).toBe(16);
    const headerEnd = text.indexOf('--- ') + 3;
    const mac = createHmac('sha256', hkdf(fileKey, Buffer.alloc(0), 'header'))
      .update(file.subarray(0, headerEnd))
      .digest();
    expect(b64(mac)).toBe(match[3]);

    // Coffer → age: a file whose only stanza is ours decrypts with the age command.
    const ourKey = randomBytes(16);
    const ours = sealToRecipient(x25519PublicKey(privateKey), ourKey);
    const header = `age-encryption.org/v1\n-> X25519 ${b64(ours.subarray(0, 32))}\n${b64(ours.subarray(32))}\n---`;
    const headerMac = createHmac('sha256', hkdf(ourKey, Buffer.alloc(0), 'header'))
      .update(header)
      .digest();
    const nonce = randomBytes(16);
    const payloadKey = hkdf(ourKey, nonce, 'payload');
    const cipher = createCipheriv('chacha20-poly1305', payloadKey, Buffer.from('0000000000000000000000' + '01', 'hex'), { authTagLength: 16 });
    const body = Buffer.concat([cipher.update('from coffer'), cipher.final(), cipher.getAuthTag()]);
    writeFileSync(path.join(work, 'by-coffer.age'), Buffer.concat([Buffer.from(`${header} ${b64(headerMac)}\n`), nonce, body]));
    const decrypted = execFileSync('age', ['-d', '-i', path.join(work, 'key.txt'), path.join(work, 'by-coffer.age')], { encoding: 'utf8' });
    expect(decrypted).toBe('from coffer');
  });
});
