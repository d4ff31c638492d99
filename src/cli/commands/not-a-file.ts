import { CliError } from '../cli-error.js';

export function notAFile(path: string): CliError {
  return new CliError('node.not_a_file', `${path} is a folder; versions belong to files.`, { status: 400 });
}
