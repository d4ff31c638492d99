import type { CliIo } from './io.js';
import { createProgressBar, silentProgress, type Progress } from './progress.js';

/** Everything a command prints goes through here, so --json and terminal checks live in one place. */
export interface Output {
  readonly json: boolean;
  /** The command's result: `data` as JSON with --json, otherwise the human lines. */
  result(data: unknown, human: string | readonly string[]): void;
  /** A line of human output on stdout as work goes on (silent with --json, where result() says it all). */
  line(text: string): void;
  /** A remark for people on stderr (silent with --json). */
  note(message: string): void;
  /** A progress bar on stderr when it is a terminal and --json is off. */
  progress(label: string, totalBytes: number | undefined): Progress;
}

export function createOutput(io: CliIo, json: boolean): Output {
  return {
    json,
    result(data, human) {
      if (json) io.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      else for (const line of typeof human === 'string' ? [human] : human) io.stdout.write(`${line}\n`);
    },
    line(text) {
      if (!json) io.stdout.write(`${text}\n`);
    },
    note(message) {
      if (!json) io.stderr.write(`${message}\n`);
    },
    progress(label, totalBytes) {
      return !json && io.stderr.isTTY ? createProgressBar(io.stderr, label, totalBytes) : silentProgress;
    },
  };
}
