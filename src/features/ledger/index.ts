export { appendEvent } from './append-event.js';
export { encodeEntry, decodeEntry } from './entry-codec.js';
export {
  eventAttributes,
  contentEventTypes,
  shareEventAttributes,
  type ShareEventType,
  type EventType,
  type EventAttributes,
  type LedgerEvent,
  type LedgerEntry,
} from './ledger-event.js';
export { LedgerService, maxEntriesPerPage, type SignedCheckpoint, type ProvenEntry } from './ledger.service.js';
export { auditLedger, auditLedgerRows, type LedgerAuditReport, type LedgerRows, type LogVerifier } from './ledger-audit.js';
export { auditExportedLedger, ledgerRowsFromExport, logVerifierFromExport } from './ledger-export-rows.js';
export { loadLogKey, originFor, type LogKey } from './log-key.js';
export { encodeManifest, manifestHash, type Manifest } from './manifest.js';
export type { Receipt } from './receipt.js';
export { verifyReceipt, ReceiptError, type VerifiedReceipt } from './receipt-verifier.js';
