import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';

/**
 * What a PostgreSQL database keeps, for at-rest checks: a plain-SQL `pg_dump`, and the raw bytes of
 * the database's relation files and of the cluster's write-ahead log, read through the server with
 * pg_read_binary_file (the test connects as a superuser, so this works whichever OS user owns them).
 */
const pgDumpCandidates = ['/usr/lib/postgresql/15/bin/pg_dump', '/usr/bin/pg_dump'];

export function pgDump(databaseUrl: string): Buffer {
  const binary = pgDumpCandidates.find((candidate) => existsSync(candidate));
  if (!binary) throw new Error(`pg_dump not found (looked in ${pgDumpCandidates.join(', ')})`);
  const result = spawnSync(binary, ['--format=plain', '--no-owner', '--no-privileges', `--dbname=${databaseUrl}`], { maxBuffer: 1024 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`pg_dump failed (${result.status}): ${result.stderr?.toString('utf8')}`);
  return result.stdout;
}

export interface StoredFile {
  readonly name: string;
  readonly bytes: Buffer;
}

async function withClient<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function readFile(client: pg.Client, name: string): Promise<Buffer | undefined> {
  // missing_ok: a file may disappear between listing and reading (a relation rewritten, a WAL segment recycled).
  const stat = await client.query<{ size: string | null }>('SELECT size FROM pg_stat_file($1::text, true)', [name]);
  const size = stat.rows[0]?.size;
  if (size === null || size === undefined) return undefined;
  const result = await client.query<{ bytes: Buffer | null }>('SELECT pg_read_binary_file($1::text, 0::bigint, $2::bigint, true) AS bytes', [name, size]);
  return result.rows[0]?.bytes ?? undefined;
}

/** Every file of the database's own folder (base/<oid>), after a CHECKPOINT has flushed shared buffers to them. */
export async function readDatabaseFiles(databaseUrl: string): Promise<StoredFile[]> {
  return withClient(databaseUrl, async (client) => {
    await client.query('CHECKPOINT');
    const { rows } = await client.query<{ oid: number }>('SELECT oid FROM pg_database WHERE datname = current_database()');
    const folder = `base/${rows[0]!.oid}`;
    const names = await client.query<{ name: string }>('SELECT pg_ls_dir($1) AS name', [folder]);
    const files: StoredFile[] = [];
    for (const { name } of names.rows) {
      const bytes = await readFile(client, `${folder}/${name}`);
      if (bytes) files.push({ name: `${folder}/${name}`, bytes });
    }
    return files;
  });
}

/** The cluster's WAL segments written to since `since` (the cluster is shared; older segments cannot hold this test's data). */
export async function readRecentWal(databaseUrl: string, since: Date): Promise<StoredFile[]> {
  return withClient(databaseUrl, async (client) => {
    await client.query('CHECKPOINT'); // also writes out every WAL record so far
    // Whole seconds: pg_ls_waldir reports modification times at that resolution.
    const cutoff = new Date(Math.floor(since.getTime() / 1000) * 1000 - 1000);
    const names = await client.query<{ name: string }>('SELECT name FROM pg_ls_waldir() WHERE modification >= $1 ORDER BY name', [cutoff]);
    const files: StoredFile[] = [];
    for (const { name } of names.rows) {
      const bytes = await readFile(client, `pg_wal/${name}`);
      if (bytes) files.push({ name: `pg_wal/${name}`, bytes });
    }
    return files;
  });
}

export async function execute(databaseUrl: string, statement: string, values: unknown[] = []): Promise<void> {
  await withClient(databaseUrl, async (client) => {
    await client.query(statement, values);
  });
}
