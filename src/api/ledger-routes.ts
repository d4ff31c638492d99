import { z } from 'zod';
import { route } from './contract.js';
import { Id } from './entities.js';

/** Contracts of the integrity log (docs/format.md, "Integrity log" and "Version receipt"). */
const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const Hash = Base64.describe('32 bytes, standard base64');
const Position = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const Checkpoint = z
  .object({
    size: z.number().int(),
    rootHash: Hash,
    checkpoint: z.string().describe('the C2SP signed note (tlog-checkpoint), exactly as signed'),
  })
  .meta({ id: 'Checkpoint' });

export const LedgerEntryView = z.object({
  index: z.number().int(),
  type: z.string(),
  leafHash: Hash,
  bytes: Base64.describe('the canonical entry encoding'),
});

export const Receipt = z
  .object({
    format: z.literal('coffer-receipt/v1'),
    fileId: Id,
    versionId: Id,
    size: z.number().int(),
    storedSize: z.number().int(),
    salt: Base64,
    commitment: Hash,
    objects: z.array(z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int() })),
    merkleRoot: Hash,
    manifestHash: Hash,
    plaintextMacKey: Hash.nullable().describe('null in receipts fetched by someone who holds no key of the file (an auditor)'),
    entry: z.object({ index: z.number().int(), bytes: Base64 }),
    inclusionProof: z.array(Hash),
    checkpoint: z.string(),
    logKey: z.string().describe('the verifier key of the log: name+keyid+base64(0x01 || Ed25519 public key)'),
  })
  .meta({ id: 'Receipt' });

export const LedgerAudit = z.object({
  size: z.number().int(),
  entriesChecked: z.number().int(),
  checkpointsChecked: z.number().int(),
  problems: z.array(z.string()),
});

export const ledgerRoutes = {
  ledgerKey: route({
    method: 'GET',
    path: '/ledger/key',
    summary: 'The verifier key that signs the integrity log (pin it on first use)',
    tag: 'ledger',
    auth: 'none',
    response: z.object({ origin: z.string(), verifierKey: z.string() }),
    successStatus: 200,
  }),
  ledgerCheckpoint: route({
    method: 'GET',
    path: '/ledger/checkpoint',
    summary: 'The latest signed checkpoint of the integrity log',
    tag: 'ledger',
    auth: 'session',
    response: Checkpoint,
    successStatus: 200,
  }),
  ledgerInclusionProof: route({
    method: 'GET',
    path: '/ledger/proofs/inclusion',
    summary: 'Inclusion proof of entry `index` in the tree of `size` entries',
    tag: 'ledger',
    auth: 'session',
    query: z.object({ index: Position, size: Position }),
    response: z.object({ index: z.number().int(), size: z.number().int(), proof: z.array(Hash) }),
    successStatus: 200,
  }),
  ledgerConsistencyProof: route({
    method: 'GET',
    path: '/ledger/proofs/consistency',
    summary: 'Consistency proof from the tree of `from` entries to the tree of `to` entries',
    tag: 'ledger',
    auth: 'session',
    query: z.object({ from: Position, to: Position }),
    response: z.object({ from: z.number().int(), to: z.number().int(), proof: z.array(Hash) }),
    successStatus: 200,
  }),
  ledgerEntries: route({
    method: 'GET',
    path: '/ledger/entries',
    summary: 'Log entries from `from`, for auditors (ids and hashes only, never names)',
    tag: 'ledger',
    auth: 'audit',
    query: z.object({ from: Position.default(0), limit: z.coerce.number().int().min(1).max(1000).default(1000) }),
    response: z.object({ size: z.number().int(), entries: z.array(LedgerEntryView) }),
    successStatus: 200,
  }),
  ledgerAudit: route({
    method: 'GET',
    path: '/ledger/audit',
    summary: 'Recompute the whole log on the server and report every inconsistency',
    tag: 'ledger',
    auth: 'audit',
    response: LedgerAudit,
    successStatus: 200,
  }),
  versionReceipt: route({
    method: 'GET',
    path: '/files/:id/versions/:versionId/receipt',
    summary: "A version's receipt: manifest, object hashes, log entry, inclusion proof and signed checkpoint",
    tag: 'ledger',
    auth: 'session',
    params: z.object({ id: Id, versionId: Id }),
    response: Receipt,
    successStatus: 200,
  }),
};
