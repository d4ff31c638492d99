/**
 * A failure the CLI detects itself. Codes follow the server's catalogue where one fits
 * (`node.not_found`, `auth.required`) so exit codes and --json output treat both alike.
 */
export class CliError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly hint: string | undefined;

  constructor(code: string, message: string, options: { status?: number; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.code = code;
    this.status = options.status;
    this.hint = options.hint;
  }
}

/** Bad flags or arguments: exit code 2, and the command's usage line is shown. */
export class UsageError extends CliError {
  constructor(message: string) {
    super('usage.invalid', message);
    this.name = 'UsageError';
  }
}
