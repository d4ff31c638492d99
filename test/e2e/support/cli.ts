import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/**
 * Runs the `coffer` command exactly as a user would: `node bin/coffer.js …` in a child process, from the
 * built code in dist/, with stdin piped (never a terminal), and a config folder of its own per user.
 */

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const cofferBin = path.join(repoRoot, 'bin', 'coffer.js');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Written to stdin, which is then closed. stdin is always a pipe, closed right away when this is absent. */
  readonly stdin?: string | Buffer;
  /** Extra environment variables (on top of a clean environment without any inherited COFFER_* variable). */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly timeoutMs?: number;
}

/** The parent's environment without anything that would change how `coffer` behaves (COFFER_*, NODE_OPTIONS). */
export function cleanEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || name.startsWith('COFFER_') || name === 'NODE_OPTIONS' || name.startsWith('VITEST')) continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}

/** Runs `node bin/coffer.js ARGS` to completion. Asynchronous, so an in-process test server keeps serving meanwhile. */
export function runCoffer(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cofferBin, ...args], {
      // Not the repository: a stray relative path (e.g. `download X` into `.`) must never write into the checkout.
      cwd: options.cwd ?? tmpdir(),
      env: cleanEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (piece: Buffer) => out.push(piece));
    child.stderr.on('data', (piece: Buffer) => err.push(piece));
    const timeoutMs = options.timeoutMs ?? 45_000;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`coffer ${args.join(' ')} did not finish within ${timeoutMs} ms\nstdout: ${Buffer.concat(out)}\nstderr: ${Buffer.concat(err)}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    // The child may exit before reading stdin (e.g. a usage error): that is not a test failure.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin ?? '');
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** Describes a result for assertion messages. */
export function describeResult(args: readonly string[], result: CliResult): string {
  return `coffer ${args.join(' ')} → exit ${result.code}${result.signal ? ` (${result.signal})` : ''}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
}

/** The one-line JSON error that `--json` prints on stderr. */
export function jsonError(result: CliResult): { code: string; message: string; correlationId?: string } {
  const lines = result.stderr.trim().split('\n');
  expect(lines, `stderr should be one line of JSON: ${result.stderr}`).toHaveLength(1);
  const parsed = JSON.parse(lines[0] ?? '') as { error: { code: string; message: string; correlationId?: string } };
  expect(parsed).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
  return parsed.error;
}

/** One user of the CLI: a config folder of their own (COFFER_CONFIG_DIR), so saved logins never mix. */
export class CliUser {
  readonly configDir: string;

  constructor(
    readonly label: string,
    parent: string,
    readonly env: Readonly<Record<string, string>> = {},
  ) {
    this.configDir = mkdtempSync(path.join(parent, `config-${label}-`));
    // A fresh, empty config folder: `login` must create the file itself (and set the folder's mode).
    rmSync(this.configDir, { recursive: true, force: true });
  }

  get credentialsFile(): string {
    return path.join(this.configDir, 'credentials.json');
  }

  run(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
    return runCoffer(args, { ...options, env: { COFFER_CONFIG_DIR: this.configDir, ...this.env, ...options.env } });
  }

  /** Runs a command that must succeed (exit 0); returns its result. */
  async ok(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
    const result = await this.run(args, options);
    expect(result.code, describeResult(args, result)).toBe(0);
    return result;
  }

  /** Runs a command with --json that must succeed; stdout must be exactly one JSON document, which is returned. */
  async json<T = any>(args: readonly string[], options: RunOptions = {}): Promise<T> {
    const full = [...args, '--json'];
    const result = await this.ok(full, options);
    let parsed: T;
    try {
      parsed = JSON.parse(result.stdout) as T;
    } catch (err) {
      throw new Error(`stdout of coffer ${full.join(' ')} is not one JSON document (${(err as Error).message}):\n${result.stdout}`);
    }
    return parsed;
  }

  /** Runs a command that must fail with `exitCode`; with --json added, checks that stderr is one JSON error line and returns it. */
  async fails(args: readonly string[], exitCode: number, options: RunOptions = {}): Promise<{ result: CliResult; error: { code: string; message: string } }> {
    const full = [...args, '--json'];
    const result = await this.run(full, options);
    expect(result.code, describeResult(full, result)).toBe(exitCode);
    expect(result.stdout, 'a failed --json command prints nothing on stdout').toBe('');
    return { result, error: jsonError(result) };
  }

  /** `coffer login --server URL --email E --password-stdin`, which must succeed. */
  async login(server: string, email: string, password: string): Promise<any> {
    return this.json(['login', '--server', server, '--email', email, '--password-stdin'], { stdin: `${password}\n` });
  }
}

/** A new empty folder, by default in the system's temp folder. */
export function makeTempDir(label: string, parent: string = tmpdir()): string {
  return mkdtempSync(path.join(parent, `coffer-e2e-${label}-`));
}

/** A TCP port that was free a moment ago (nothing listens on it when this resolves). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** A local file tree: file contents by relative path (`/` separators); `null` is an empty folder. */
export type TreeSpec = Readonly<Record<string, Buffer | string | null>>;

export function writeTree(root: string, spec: TreeSpec): void {
  mkdirSync(root, { recursive: true });
  for (const [relative, content] of Object.entries(spec)) {
    const target = path.join(root, ...relative.split('/'));
    if (content === null) mkdirSync(target, { recursive: true });
    else {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
  }
}

/**
 * Everything below `root`: `dir` for a folder, `SIZE:SHA-256` for a file (so a mismatch shows which file
 * differs, and equal digests mean equal bytes).
 */
export function snapshotTree(root: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        result[relative] = 'dir';
        walk(full, relative);
      } else {
        const bytes = readFileSync(full);
        result[relative] = `${bytes.length}:${createHash('sha256').update(bytes).digest('hex')}`;
      }
    }
  };
  walk(root, '');
  return result;
}

/** Names in a folder that look like the CLI's temporary download files. */
export function partialFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.coffer-partial')) : [];
}

/** Every file below `dir`, as absolute paths. */
export function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesBelow(full));
    else found.push(full);
  }
  return found;
}

export interface ServerProcess {
  readonly child: ChildProcess;
  /** The address from the "listening" line. */
  readonly url: string;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends SIGTERM (if still running) and waits for the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const listeningLine = /is listening on (http:\/\/\S+)/;

/** Starts `coffer server` as a child process and waits for its "listening" line. Rejects if it exits first. */
export function startServerProcess(env: Readonly<Record<string, string>>, timeoutMs = 30_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, [cofferBin, 'server'], { cwd: tmpdir(), env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = () => Buffer.concat(out).toString('utf8');
  const stderr = () => Buffer.concat(err).toString('utf8');
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  child.stdout.on('data', (piece: Buffer) => out.push(piece));
  child.stderr.on('data', (piece: Buffer) => err.push(piece));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`coffer server printed no "listening" line within ${timeoutMs} ms\nstdout: ${stdout()}\nstderr: ${stderr()}`));
    }, timeoutMs);
    const check = () => {
      const match = listeningLine.exec(stdout());
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.stdout.off('data', check);
      resolve({ child, url: match[1], stdout, stderr, exited, stop });
    };
    child.stdout.on('data', check);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`coffer server exited (${code ?? signal}) before listening\nstdout: ${stdout()}\nstderr: ${stderr()}`));
    });
  });
}
