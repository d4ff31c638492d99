import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from '../io.js';

/** A CliIo over memory for tests: stdin from a string, stdout and stderr collected as text. */
export interface MemoryIo extends CliIo {
  stdoutText(): string;
  stderrText(): string;
}

export function memoryIo(options: { stdin?: string; env?: Record<string, string>; stdinIsTTY?: boolean; stderrIsTTY?: boolean } = {}): MemoryIo {
  const stdin = Object.assign(Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]), { isTTY: options.stdinIsTTY ?? false });
  const stdout = collect(false);
  const stderr = collect(options.stderrIsTTY ?? false);
  return {
    stdin,
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: options.env ?? {},
    waitForShutdown: () => Promise.resolve('SIGTERM'),
    stdoutText: stdout.text,
    stderrText: stderr.text,
  };
}

function collect(isTTY: boolean) {
  const chunks: Buffer[] = [];
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 100 });
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}
