export { appendEvent } from './append-event.js';
export { encodeEntry, decodeEntry } from './entry-codec.js';
export { eventAttributes, contentEventTypes, type EventType, type EventAttributes, type LedgerEvent, type LedgerEntry } from './ledger-event.js';
export { LedgerService, maxEntriesPerPage, type SignedCheckpoint, type ProvenEntry } from './ledger.service.js';
export { auditLedger, type LedgerAuditReport } from './ledger-audit.js';
export { loadLogKey, originFor, type LogKey } from './log-key.js';
export { encodeManifest, manifestHash, type Manifest } from './manifest.js';
export type { Receipt } from './receipt.js';
export { verifyReceipt, ReceiptError, type VerifiedReceipt } from './receipt-verifier.js';
