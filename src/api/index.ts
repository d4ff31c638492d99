export * from './entities.js';
export * from './contract.js';
export * from './routes.js';
export * from './sharing-routes.js';
