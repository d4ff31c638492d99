export * from './layout.js';
export * from './content-context.js';
export * from './content-writer.js';
export * from './content-reader.js';
export { ContentCryptoPool } from './crypto-pool.js';
export type { SealedObject } from './object-codec.js';
export { collectAllGarbage } from './transient-memory.js';
