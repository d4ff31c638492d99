export { ConfigError } from './config-error.js';
export { renderConfigDocs } from './config-docs.js';
export { loadConfig } from './load-config.js';
export type { CofferConfig, DatabaseConfig, LogLevel, MailConfig, RegistrationMode, StorageBackendConfig } from './config.types.js';
