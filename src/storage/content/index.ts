export * from './layout.js';
export * from './content-context.js';
export * from './content-writer.js';
export * from './content-reader.js';
