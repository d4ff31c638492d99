import { z } from 'zod';
import { route } from './contract.js';

const ProblemKind = z.enum(['object-missing', 'object-corrupt', 'object-unreachable', 'merkle-mismatch', 'layout-mismatch', 'unreferenced-corrupt']);

export const ScrubProblem = z
  .object({
    kind: ProblemKind,
    fileId: z.string().optional(),
    versionId: z.string().optional(),
    objectKey: z.string().optional(),
    backend: z.string().optional().describe("the backend's description, never its credentials"),
    repaired: z.boolean().describe('a good replica was copied over the bad one'),
  })
  .meta({ id: 'ScrubProblem' });

export const BackendScrubFigures = z.object({
  description: z.string(),
  objects: z.number().int().describe('objects the backend listed'),
  bytesVerified: z.number().int(),
  missing: z.number().int(),
  corrupt: z.number().int(),
  unreachable: z.number().int(),
  repaired: z.number().int(),
});

export const ScrubReport = z
  .object({
    id: z.string(),
    startedAt: z.number().int(),
    finishedAt: z.number().int().describe('0 while the scrub runs'),
    versionsChecked: z.number().int(),
    objectsChecked: z.number().int(),
    unreferencedObjects: z.number().int(),
    bytesVerified: z.number().int(),
    megabytesPerSecond: z.number(),
    repaired: z.number().int(),
    unrepaired: z.number().int().describe('problems still there: no good copy, a failed write, or a database edit'),
    backends: z.array(BackendScrubFigures),
    problems: z.array(ScrubProblem).describe('the first 500; problemsOmitted counts the rest'),
    problemsOmitted: z.number().int(),
  })
  .meta({ id: 'ScrubReport' });

export const StorageHealth = z
  .object({
    backends: z.array(z.object({ description: z.string() })).describe('in read order; never credentials'),
    writeQuorum: z.number().int(),
    versions: z.number().int().describe('file versions in the database'),
    objects: z.number().int().describe('distinct objects the versions use'),
    pendingRepairs: z.number().int().describe('replica repairs queued by reads'),
    scrub: z.object({
      running: z.boolean(),
      current: ScrubReport.nullable().describe('the report so far of the scrub in progress'),
      last: ScrubReport.nullable().describe('the last finished scrub'),
      intervalMs: z.number().int().describe('0: no scheduled scrub'),
    }),
  })
  .meta({ id: 'StorageHealth' });

/** Administration of storage integrity: scrub and health (docs/storage.md). No names or contents ever appear here. */
export const storageAdminRoutes = {
  startScrub: route({
    method: 'POST',
    path: '/admin/scrub',
    summary: 'Start a scrub of every stored object (or join the one running); poll /admin/health for the report',
    tag: 'admin',
    auth: 'admin',
    body: z.object({}).optional(),
    response: z.object({ running: z.literal(true), startedAt: z.number().int() }),
    successStatus: 200,
  }),
  storageHealth: route({
    method: 'GET',
    path: '/admin/storage',
    summary: 'Storage backends, object counts, the scrub in progress and the last scrub report',
    tag: 'admin',
    auth: 'admin',
    response: StorageHealth,
    successStatus: 200,
  }),
} as const;
