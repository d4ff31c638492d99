import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFirstAdmin } from '../../src/app/index.js';
import { loadConfig, type CofferConfig } from '../../src/config/index.js';
import { createPostgresDatabase, type Dialect } from './dialects.js';
import { adminEmail, adminPassword } from './test-server.js';

/**
 * A real Coffer server in a child process whose stdout and stderr (where pino writes its log) are
 * captured, for tests that check what reaches the log. The first administrator is created in this
 * process beforehand, through the same path as `coffer admin create`. It does not go through
 * bin/coffer.js: the child runs startServer directly (see logged-server-main.ts).
 */
export interface LogCapturingServer {
  readonly dialect: Dialect;
  readonly api: string;
  readonly dataDir: string;
  readonly config: CofferConfig;
  readonly adminRecoveryKey: string;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
  /** Stops the server (SIGTERM, graceful close) and waits for it to exit. */
  stop(): Promise<number | null>;
  close(): Promise<void>;
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const entry = fileURLToPath(new URL('./logged-server-main.ts', import.meta.url));

export async function startLogCapturingServer(dialect: Dialect, env: Record<string, string> = {}): Promise<LogCapturingServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'coffer-logtest-'));
  const database = dialect === 'postgres' ? await createPostgresDatabase() : undefined;
  const cofferEnv: Record<string, string> = {
    COFFER_DATA_DIR: dataDir,
    COFFER_HOST: '127.0.0.1',
    COFFER_PORT: '0',
    COFFER_LOG_LEVEL: 'debug',
    ...(database ? { COFFER_DATABASE_URL: database.url } : {}),
    ...env,
  };
  const config = loadConfig(cofferEnv, dataDir);
  const { recoveryKey } = await createFirstAdmin(config, adminEmail, adminPassword);

  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), NODE_NO_WARNINGS: '1', ...cofferEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  child.stdout!.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr!.on('data', (chunk: Buffer) => chunks.push(chunk));
  const output = () => Buffer.concat(chunks).toString('utf8');
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time; output so far:\n${output()}`)), 30_000);
    const check = () => {
      const match = /is listening on (http:\/\/\S+)/.exec(output());
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening; output:\n${output()}`));
    });
  });

  let stopped: Promise<number | null> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    })();
    return stopped;
  };
  return {
    dialect,
    api: `${url}/api/v1`,
    dataDir,
    config,
    adminRecoveryKey: recoveryKey,
    output,
    stop,
    async close() {
      await stop();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
