import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { startServer, type RunningServer } from '../../src/app/index.js';
import { loadConfig, type CofferConfig } from '../../src/config/index.js';
import { createPostgresDatabase, type Dialect } from './dialects.js';
import { TestClient } from './http-client.js';
import { adminEmail, adminPassword } from './test-server.js';

/**
 * Helpers for the backup suites: a real age key pair from Debian's age-keygen, a populated account, a
 * byte-exact picture of what every user sees through the API, and an empty data folder or database to restore into.
 */
export interface AgeKey {
  readonly identityFile: string;
  readonly identityText: string;
  readonly recipient: string;
}

export function makeAgeKey(dir: string, name = 'backup-key.txt'): AgeKey {
  const identityFile = path.join(dir, name);
  execFileSync('age-keygen', ['-o', identityFile], { stdio: 'pipe' });
  const recipient = execFileSync('age-keygen', ['-y', identityFile], { encoding: 'utf8' }).trim();
  return { identityFile, identityText: readFileSync(identityFile, 'utf8'), recipient };
}

export const memberEmail = 'member@example.com';
export const memberPassword = 'member password 1';

/** Two users with folders, files of several objects, versions and trash. */
export async function populate(api: string): Promise<void> {
  const admin = new TestClient(api);
  const adminRoot = (await admin.signIn(adminEmail, adminPassword)).rootFolderId as string;
  expect((await admin.json('POST', '/users', { email: memberEmail, password: memberPassword })).status).toBe(201);
  const member = new TestClient(api);
  const memberRoot = (await member.signIn(memberEmail, memberPassword)).rootFolderId as string;
  for (const [client, root] of [
    [admin, adminRoot],
    [member, memberRoot],
  ] as const) {
    const folder = (await client.json('POST', '/folders', { parentId: root, name: 'Docs' })).body.id as string;
    const sub = (await client.json('POST', '/folders', { parentId: folder, name: 'Deeper' })).body.id as string;
    expect((await client.upload(folder, 'big.bin', randomBytes(9 * 1024 * 1024 + 17))).status).toBe(201);
    expect((await client.upload(sub, 'small.txt', 'first')).status).toBe(201);
    expect((await client.upload(sub, 'small.txt', 'second version', { onConflict: 'version' })).status).toBe(200);
    expect((await client.upload(root, 'empty.txt', '')).status).toBe(201);
    const doomed = (await client.upload(root, 'trashed.txt', randomBytes(1000))).body.id as string;
    expect((await client.json('DELETE', `/nodes/${doomed}`)).status).toBeLessThan(300);
  }
}

export interface AccountPicture {
  readonly files: Record<string, { sha256: string; versions: string[] }>;
  readonly trash: string[];
}

/** What one user sees: every file's path, its bytes' hash, its versions' Merkle roots, and the trash. */
export async function pictureOf(api: string, email: string, password: string): Promise<AccountPicture> {
  const client = new TestClient(api);
  const root = (await client.signIn(email, password)).rootFolderId as string;
  const files: AccountPicture['files'] = {};
  const walk = async (folderId: string, prefix: string): Promise<void> => {
    const listing = await client.json('GET', `/folders/${folderId}/children`);
    expect(listing.status).toBe(200);
    for (const item of listing.body.items as { id: string; name: string; type: string }[]) {
      const where = `${prefix}/${item.name}`;
      if (item.type === 'folder') {
        await walk(item.id, where);
        continue;
      }
      const content = await client.download(item.id);
      expect(content.status, where).toBe(200);
      const versions = await client.json('GET', `/files/${item.id}/versions`);
      for (const v of versions.body.versions as { id: string }[]) expect((await client.download(item.id, {}, `?version=${v.id}`)).status).toBe(200);
      files[where] = {
        sha256: createHash('sha256').update(content.bytes).digest('hex'),
        versions: (versions.body.versions as { merkleRoot: string; number: number }[]).map((v) => `${v.number}:${v.merkleRoot}`).sort(),
      };
    }
  };
  await walk(root, '');
  const trash = ((await client.json('GET', '/trash')).body.items as { name: string }[]).map((i) => i.name).sort();
  return { files, trash };
}

export async function picturesOfEveryone(api: string): Promise<AccountPicture[]> {
  return [await pictureOf(api, adminEmail, adminPassword), await pictureOf(api, memberEmail, memberPassword)];
}

export interface EmptyInstance {
  readonly dataDir: string;
  readonly config: CofferConfig;
  start(): Promise<RunningServer>;
  close(): Promise<void>;
}

/** A data folder (and for PostgreSQL a database) nothing has touched yet. */
export async function emptyInstance(dialect: Dialect, env: Record<string, string> = {}): Promise<EmptyInstance> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'coffer-restore-'));
  const database = dialect === 'postgres' ? await createPostgresDatabase() : undefined;
  const config = loadConfig(
    { COFFER_DATA_DIR: dataDir, COFFER_PORT: '0', COFFER_LOG_LEVEL: 'silent', ...(database ? { COFFER_DATABASE_URL: database.url } : {}), ...env },
    dataDir,
  );
  const servers: RunningServer[] = [];
  return {
    dataDir,
    config,
    async start() {
      const server = await startServer(config, () => undefined);
      servers.push(server);
      return server;
    },
    async close() {
      for (const s of servers) await s.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
