export { ConfigError } from './config-error.js';
export { renderConfigDocs } from './config-docs.js';
export { loadConfig } from './load-config.js';
export type { CofferConfig, DatabaseConfig, LogLevel, RegistrationMode, StorageBackendConfig } from './config.types.js';
