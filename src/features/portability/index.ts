export { AccountExportService } from './account-export.service.js';
export { AccountDeletionService } from './account-deletion.service.js';
