import { describe, expect, it } from 'vitest';
import { CofferApiError } from '../sdk/index.js';
import { CliError, UsageError } from './cli-error.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';

const apiError = (code: string, status: number) => new CofferApiError({ code, status, message: code });

describe('exitCodeFor', () => {
  it.each([
    ['usage.invalid', 0, ExitCode.usage],
    ['auth.required', 401, ExitCode.auth],
    ['auth.invalid_credentials', 401, ExitCode.auth],
    ['auth.forbidden', 403, ExitCode.auth],
    ['auth.rate_limited', 429, ExitCode.auth],
    ['file.passphrase_invalid', 403, ExitCode.auth],
    ['node.not_found', 404, ExitCode.notFound],
    ['version.not_found', 404, ExitCode.notFound],
    ['user.not_found', 404, ExitCode.notFound],
    ['node.name_taken', 409, ExitCode.conflict],
    ['user.email_taken', 409, ExitCode.conflict],
    ['node.in_trash', 409, ExitCode.conflict],
    ['quota.exceeded', 507, ExitCode.quota],
    ['storage.integrity_failed', 500, ExitCode.server],
    ['storage.unavailable', 503, ExitCode.server],
    ['internal', 500, ExitCode.server],
    ['download.incomplete', 0, ExitCode.server],
    ['response.invalid', 200, ExitCode.server],
    ['network.unreachable', 0, ExitCode.network],
    ['node.name_invalid', 400, ExitCode.usage],
    ['range.not_satisfiable', 416, ExitCode.usage],
  ])('maps %s (%i) to %i', (code, status, expected) => {
    expect(exitCodeFor(apiError(code, status))).toBe(expected);
  });

  it('takes the status of catalogue codes raised by the CLI itself', () => {
    expect(exitCodeFor(new CliError('node.not_a_folder', 'x'))).toBe(ExitCode.usage);
    expect(exitCodeFor(new CliError('node.name_taken', 'x'))).toBe(ExitCode.conflict);
    expect(exitCodeFor(new UsageError('x'))).toBe(ExitCode.usage);
    expect(exitCodeFor(new CliError('local.not_found', 'x'))).toBe(ExitCode.notFound);
  });

  it('falls back to 1 for anything unclassified', () => {
    expect(exitCodeFor(new Error('boom'))).toBe(ExitCode.failure);
    expect(exitCodeFor('a string')).toBe(ExitCode.failure);
    expect(exitCodeFor(Object.assign(new Error('denied'), { code: 'EACCES' }))).toBe(ExitCode.failure);
  });

  it('treats a missing local file as not found', () => {
    expect(exitCodeFor(Object.assign(new Error('gone'), { code: 'ENOENT' }))).toBe(ExitCode.notFound);
  });
});
