import { auditExportedLedger } from '../ledger/index.js';
import type { SnapshotCheck } from './snapshot-reader.js';

/**
 * The integrity log's consistency, from the snapshot's database export alone: the same full audit the server runs
 * (`auditLedger`), over the exported rows. Findings name entry positions and checkpoint sizes.
 */
export const checkLedger: SnapshotCheck = async (snapshot) => {
  const report = await auditExportedLedger(snapshot.data);
  return report.problems.map((problem) => `integrity log: ${problem}`);
};
