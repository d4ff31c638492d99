/** The process boundary of the CLI, passed in so tests can run commands without a real terminal. */
export interface CliIo {
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Resolves on SIGINT or SIGTERM (used by `coffer server`). */
  readonly waitForShutdown: () => Promise<string>;
}

/** Waits until everything written to stdout and stderr is handed to the OS, so process.exit() loses nothing. */
export async function flushOutput(io: CliIo): Promise<void> {
  await Promise.all([io.stdout, io.stderr].map((stream) => new Promise<void>((resolve) => stream.write('', () => resolve()))));
}

export function processIo(): CliIo {
  // `coffer ls | head` closes the pipe early: that ends the command quietly rather than with a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    waitForShutdown: () =>
      new Promise((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve(signal);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      }),
  };
}
