// Starts a built Coffer server for `npm run bench` over a fresh data folder, creates the admin,
// prints { url } as one JSON line and serves until killed.
import { createFirstAdmin, startServer } from '../dist/app/index.js';
import { loadConfig } from '../dist/config/index.js';

const dataDir = process.argv[2];
const config = loadConfig({ COFFER_DATA_DIR: dataDir, COFFER_PORT: '0', COFFER_LOG_LEVEL: 'warn', COFFER_DEFAULT_QUOTA: '0' }, dataDir);
await createFirstAdmin(config, 'bench@example.com', 'bench password 1234');
const server = await startServer(config, () => undefined);
console.log(JSON.stringify({ url: server.url }));
