export { createServices, type CofferServices } from './services.js';
export { startServer, packageVersion, type RunningServer } from './start-server.js';
export { createFirstAdmin } from './create-first-admin.js';
export { backupNow, listBackups, verifyBackup, restoreBackup, pruneBackups, type SnapshotChoice } from './backup-tools.js';
export { describeProblems } from '../features/backup/index.js';
