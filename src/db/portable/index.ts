export { exportDatabase } from './export-database.js';
export { importDatabase, assertDatabaseEmpty, DatabaseNotEmptyError, UnknownMigrationError } from './import-database.js';
export { encodeExport, decodeExport, ExportFormatError, type DatabaseExport, type ExportedTable } from './database-export.js';
export { fromPortable, type PortableValue } from './portable-values.js';
