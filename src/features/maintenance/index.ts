export { GarbageCollector, type CollectionReport, type GarbageCollectorOptions } from './garbage-collector.js';
