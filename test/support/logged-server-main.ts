/**
 * Child-process entry for log-capturing-server.ts: runs `coffer server` exactly as production does
 * (startServer with the configuration from COFFER_* variables, pino writing to stdout), so the parent
 * can read every log line. Not a test file; started with `node --import tsx`.
 */
import { startServer } from '../../src/app/index.js';
import { loadConfig } from '../../src/config/index.js';

const config = loadConfig(process.env, process.cwd());
const running = await startServer(config);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  running.close().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`close failed: ${String(err)}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
