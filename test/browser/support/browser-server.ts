import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../../../src/app/index.js';
import { loadConfig } from '../../../src/config/index.js';

export interface BrowserServer {
  readonly url: string;
  /** The first-run link the server printed (`/setup#token=…`). */
  readonly setupLink: string;
  readonly running: RunningServer;
  /** Where the server keeps its data; without SMTP settings its mail lands in `<dataDir>/outbox`. */
  readonly dataDir: string;
  close(): Promise<void>;
}

/**
 * A real Coffer server with no administrator yet (so the setup screen can be tested), serving the
 * built web app from dist/web. SQLite only: the browser suite tests the UI, the API suites cover both dialects.
 */
/** `env` adds settings; with COFFER_PUBLIC_URL (passkeys need a host name, not an address) the URLs use it. */
export async function startBrowserServer(env: Record<string, string> = {}): Promise<BrowserServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'coffer-browser-'));
  const config = loadConfig({ COFFER_DATA_DIR: dataDir, COFFER_PORT: '0', COFFER_LOG_LEVEL: 'silent', ...env }, dataDir);
  const lines: string[] = [];
  const running: RunningServer = await startServer(config, (line) => lines.push(line));
  const link = lines.map((line) => /\/setup#token=\S+/.exec(line)?.[0]).find(Boolean);
  if (!link) throw new Error('the server printed no setup link');
  const url = env.COFFER_PUBLIC_URL ?? running.url;
  return {
    url,
    setupLink: url + link,
    running,
    dataDir,
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
