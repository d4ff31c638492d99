import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { readFile } from 'node:fs/promises';
import { CliError, UsageError } from './cli-error.js';
import type { CliIo } from './io.js';

/** Reads all of stdin as UTF-8. */
export async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** `echo secret | coffer …` adds one newline that is not part of the secret; only that one goes. */
export function stripOneNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n')) return text.slice(0, -1);
  return text;
}

export interface SecretRequest {
  /** The flag that says the secret comes on stdin, e.g. `password-stdin`. */
  readonly stdinFlag: string;
  readonly fromStdin: boolean;
  readonly prompt: string;
  /** Ask twice on a terminal and require the same answer (new passwords). */
  readonly confirm?: boolean;
}

/** A password from stdin (with --password-stdin) or typed at a prompt on the terminal with echo off. */
export async function readSecret(io: CliIo, request: SecretRequest): Promise<string> {
  if (request.fromStdin) {
    const secret = stripOneNewline(await readStdin(io.stdin));
    if (!secret) throw new UsageError(`--${request.stdinFlag} was given but stdin was empty.`);
    return secret;
  }
  requireTerminal(io, request.stdinFlag);
  const secret = await promptHidden(io, request.prompt);
  if (!secret) throw new UsageError('No password entered.');
  if (request.confirm && (await promptHidden(io, 'Repeat it: ')) !== secret) {
    throw new UsageError('The two entries differ.');
  }
  return secret;
}

/** Several secrets from stdin, one per line (e.g. current and new password for `passwd`). */
export async function readSecretLines(io: CliIo, stdinFlag: string, count: number): Promise<string[]> {
  const lines = stripOneNewline(await readStdin(io.stdin)).split(/\r?\n/);
  if (lines.length !== count || lines.some((line) => !line)) {
    throw new UsageError(`--${stdinFlag} expects ${count} non-empty lines on stdin.`);
  }
  return lines;
}

export function requireTerminal(io: CliIo, stdinFlag: string): void {
  if (!io.stdin.isTTY) {
    throw new UsageError(`stdin is not a terminal, so the password cannot be asked for: pipe it in with --${stdinFlag}.`);
  }
}

/** Asks on stderr (stdout stays clean for output) and reads one line from the terminal without echoing it. */
export function promptHidden(io: CliIo, prompt: string): Promise<string> {
  let muted = false;
  const echo = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) io.stderr.write(chunk);
      done();
    },
  });
  const reader = createInterface({ input: io.stdin, output: echo, terminal: true });
  return new Promise((resolve, reject) => {
    reader.on('SIGINT', () => {
      reader.close();
      io.stderr.write('\n');
      reject(new CliError('cli.cancelled', 'Cancelled.'));
    });
    reader.question(prompt, (answer) => {
      reader.close();
      io.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

/** A custom file passphrase from --passphrase-stdin or --passphrase-file; undefined when neither is given. */
export async function readPassphrase(io: CliIo, values: { 'passphrase-stdin': boolean; 'passphrase-file': string | undefined }): Promise<string | undefined> {
  if (values['passphrase-stdin'] && values['passphrase-file']) {
    throw new UsageError('Give the passphrase with --passphrase-stdin or --passphrase-file, not both.');
  }
  let raw: string | undefined;
  if (values['passphrase-stdin']) raw = await readStdin(io.stdin);
  else if (values['passphrase-file']) {
    try {
      raw = await readFile(values['passphrase-file'], 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'local.not_found' : 'local.unreadable';
      throw new CliError(code, `Cannot read the passphrase file ${values['passphrase-file']}: ${(err as Error).message}`, { cause: err });
    }
  }
  if (raw === undefined) return undefined;
  const passphrase = stripOneNewline(raw);
  if (!passphrase) throw new UsageError('The passphrase is empty.');
  return passphrase;
}

/** The flags commands use to take a file passphrase. */
export const passphraseOptions = {
  'passphrase-stdin': { type: 'boolean', description: 'Read the file passphrase from stdin (one trailing newline is dropped).' },
  'passphrase-file': { type: 'string', value: 'FILE', description: 'Read the file passphrase from FILE (one trailing newline is dropped).' },
} as const;

/** The flag commands use to take a password from stdin. */
export const passwordStdinOption = {
  'password-stdin': { type: 'boolean', description: 'Read the password from stdin (one trailing newline is dropped) instead of asking.' },
} as const;
