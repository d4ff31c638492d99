import { formatBytes } from './format.js';

/** Progress of one transfer; a no-op when there is no terminal to draw on. */
export interface Progress {
  update(doneBytes: number): void;
  /** Clears the bar, so the line that reports the result takes its place. */
  finish(): void;
}

export const silentProgress: Progress = { update: () => undefined, finish: () => undefined };

type Terminal = NodeJS.WritableStream & { columns?: number };

const redrawEveryMs = 100;

/** A one-line bar redrawn in place with \r: `name  [#####·····]  45%  4.5 MiB / 10 MiB  2.1 MiB/s`. */
export function createProgressBar(terminal: Terminal, label: string, totalBytes: number | undefined, now: () => number = Date.now): Progress {
  const startedAt = now();
  let lastDrawAt = -Infinity;
  let doneBytes = 0;

  const draw = () => {
    const width = Math.max(40, (terminal.columns || 80) - 1);
    const elapsedSeconds = Math.max((now() - startedAt) / 1000, 0.001);
    const rate = `${formatBytes(Math.round(doneBytes / elapsedSeconds))}/s`;
    const amount = totalBytes === undefined ? formatBytes(doneBytes) : `${formatBytes(doneBytes)} / ${formatBytes(totalBytes)}`;
    const fraction = totalBytes ? Math.min(doneBytes / totalBytes, 1) : totalBytes === 0 ? 1 : undefined;
    const percent = fraction === undefined ? '' : `${String(Math.floor(fraction * 100)).padStart(3)}%`;
    const tail = `  ${percent}  ${amount}  ${rate}`;
    const barWidth = 20;
    const bar = fraction === undefined ? '' : `  [${'#'.repeat(Math.round(fraction * barWidth)).padEnd(barWidth, '·')}]`;
    const room = Math.max(10, width - tail.length - bar.length);
    const name = label.length > room ? `…${label.slice(label.length - room + 1)}` : label.padEnd(room);
    terminal.write(`\r${name}${bar}${tail}\x1b[K`);
  };

  return {
    update(bytes) {
      doneBytes = bytes;
      if (now() - lastDrawAt < redrawEveryMs) return;
      lastDrawAt = now();
      draw();
    },
    finish() {
      terminal.write('\r\x1b[K');
    },
  };
}
