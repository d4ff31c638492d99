export { GarbageCollector, type CollectionReport, type GarbageCollectorOptions } from './garbage-collector.js';
export { Scrubber, type ScrubberOptions } from './scrubber.js';
export type { BackendScrubFigures, ScrubProblem, ScrubProblemKind, ScrubReport } from './scrub-report.js';
export { StorageAdminService, type StorageFacts, type StorageHealthView } from './storage-admin.service.js';
