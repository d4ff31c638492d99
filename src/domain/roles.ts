/**
 * `auditor`: a read-only account for integrity checks. It may fetch the log, proofs, receipts, manifests and object
 * hashes, and no route that reads or changes files or names (http/authorize.ts).
 */
export const roles = ['admin', 'user', 'guest', 'auditor'] as const;
export type Role = (typeof roles)[number];
