import { expect } from 'vitest';
import { openNote, parseCheckpoint, parseVerifierKey, PlaintextMac, type Checkpoint } from '../../src/crypto/index.js';
import { decodeEntry, verifyReceipt, type LedgerEntry, type Receipt } from '../../src/features/ledger/index.js';
import type { TestClient } from './http-client.js';

/** Every entry of the log, decoded, fetched page by page as an auditor would. */
export async function allEntries(auditor: TestClient): Promise<LedgerEntry[]> {
  const out: LedgerEntry[] = [];
  for (;;) {
    const page = await auditor.json('GET', `/ledger/entries?from=${out.length}&limit=1000`);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    for (const e of page.body.entries) out.push(decodeEntry(Buffer.from(e.bytes, 'base64')));
    if (page.body.entries.length === 0 || out.length >= page.body.size) return out;
  }
}

/** The server's current checkpoint, verified with the published key. */
export async function verifiedCheckpoint(client: TestClient): Promise<Checkpoint & { note: string; vkey: string }> {
  const key = await client.json('GET', '/ledger/key');
  const cp = await client.json('GET', '/ledger/checkpoint');
  expect(cp.status, JSON.stringify(cp.body)).toBe(200);
  const vkey = parseVerifierKey(key.body.verifierKey);
  expect(vkey).not.toBeNull();
  const text = openNote(cp.body.checkpoint, vkey!.name, vkey!.publicKey);
  expect(text).not.toBeNull();
  return { ...parseCheckpoint(text!)!, note: cp.body.checkpoint, vkey: key.body.verifierKey };
}

/** Whether `data` is exactly the version the receipt describes (what `coffer verify FILE RECEIPT` checks). */
export function receiptMatches(receipt: Receipt, data: Buffer): boolean {
  const verified = verifyReceipt(receipt);
  if (!verified.plaintextMacKey || !verified.plaintextMac || data.length !== verified.size) return false;
  const mac = new PlaintextMac(verified.plaintextMacKey, receipt.fileId, receipt.versionId);
  mac.update(data);
  return mac.digest().equals(verified.plaintextMac);
}
