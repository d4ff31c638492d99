export * from './entities.js';
export * from './contract.js';
export * from './routes.js';
export { ScrubProblem, ScrubReport, StorageHealth } from './admin-routes.js';
