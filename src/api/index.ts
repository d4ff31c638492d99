export * from './entities.js';
export * from './contract.js';
export * from './routes.js';
export * from './security-entities.js';
export { ScrubProblem, ScrubReport, StorageHealth } from './storage-admin-routes.js';
export * from './sharing-routes.js';
export * from './delivery-routes.js';
