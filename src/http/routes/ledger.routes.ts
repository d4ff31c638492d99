import type { FastifyInstance } from 'fastify';
import { api } from '../../api/index.js';
import { defineRoute } from '../define-route.js';
import type { HttpServices } from '../http-services.js';
import { readPassphrase } from '../passphrase-header.js';

const b64 = (bytes: Buffer): string => bytes.toString('base64');

export function registerLedgerRoutes(app: FastifyInstance, services: HttpServices): void {
  const { sessions, ledger, receipts } = services;

  defineRoute(app, sessions, api.ledgerKey, async () => ({ origin: ledger.key.origin, verifierKey: ledger.key.verifierKey }));

  defineRoute(app, sessions, api.ledgerCheckpoint, async () => {
    const cp = await ledger.checkpoint();
    return { size: cp.size, rootHash: b64(cp.rootHash), checkpoint: cp.note };
  });

  defineRoute(app, sessions, api.ledgerInclusionProof, async ({ query }) => ({
    index: query.index,
    size: query.size,
    proof: (await ledger.inclusionProof(query.index, query.size)).map(b64),
  }));

  defineRoute(app, sessions, api.ledgerConsistencyProof, async ({ query }) => ({
    from: query.from,
    to: query.to,
    proof: (await ledger.consistencyProof(query.from, query.to)).map(b64),
  }));

  defineRoute(app, sessions, api.ledgerEntries, async ({ query }) => {
    const rows = await ledger.entries(query.from, query.limit);
    const size = (await ledger.checkpoint()).size;
    return { size, entries: rows.map((r) => ({ index: r.idx, type: r.event_type, leafHash: b64(r.leaf_hash), bytes: b64(r.entry) })) };
  });

  defineRoute(app, sessions, api.ledgerAudit, async () => ledger.audit());

  defineRoute(app, sessions, api.versionReceipt, async ({ auth, params, request }) =>
    receipts.receipt(auth, params.id, params.versionId, readPassphrase(request)),
  );
}
