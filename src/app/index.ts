export { createServices, type CofferServices } from './services.js';
export { startServer, packageVersion, type RunningServer } from './start-server.js';
export { createFirstAdmin } from './create-first-admin.js';
