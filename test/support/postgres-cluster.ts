import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A throwaway PostgreSQL 15 cluster for the test run: initdb into a temp folder, start on a free
 * loopback port with fsync off, trust auth. PostgreSQL refuses to run as root, so when we are root
 * the binaries run as the `postgres` user.
 */
export interface PostgresCluster {
  readonly url: string;
  stop(): void;
}

const binDir = '/usr/lib/postgresql/15/bin';

function asPostgres(command: string, args: string[]): { status: number | null; output: string } {
  const isRoot = process.getuid?.() === 0;
  const result = isRoot
    ? spawnSync('runuser', ['-u', 'postgres', '--', path.join(binDir, command), ...args], { encoding: 'utf8' })
    : spawnSync(path.join(binDir, command), args, { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

export function startPostgresCluster(port: number): PostgresCluster {
  if (!existsSync(path.join(binDir, 'initdb'))) throw new Error(`PostgreSQL 15 binaries not found in ${binDir}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'coffer-pg-'));
  chmodSync(dir, 0o777);
  const dataDir = path.join(dir, 'data');
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir]);
  const init = asPostgres('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  if (init.status !== 0) throw new Error(`initdb failed: ${init.output}`);
  const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c unix_socket_directories=${dir} -c max_connections=200`;
  const start = asPostgres('pg_ctl', ['-D', dataDir, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start']);
  if (start.status !== 0) throw new Error(`pg_ctl start failed: ${start.output}`);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      asPostgres('pg_ctl', ['-D', dataDir, '-m', 'immediate', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
