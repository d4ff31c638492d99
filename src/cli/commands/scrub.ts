import type { ResultOf } from '../../sdk/index.js';
import type { Api } from '../../api/index.js';
import { defineCommand } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { formatBytes, formatTable } from '../format.js';

type Report = NonNullable<ResultOf<Api['storageHealth']>['scrub']['last']>;

export const scrubCommand = defineCommand({
  name: 'scrub',
  summary: 'Check every stored object on every backend and repair bad copies (administrators only).',
  args: '',
  positionals: { min: 0, max: 0 },
  options: {
    detach: { type: 'boolean', description: 'Start the scrub and return at once; the report appears in the storage health later.' },
  },
  details: [
    'Reads every object on every storage backend and checks it against its SHA-256 key, checks every version against its Merkle root, and copies a good replica over each bad or missing one. Problems are listed by file id, version id and object key, never by name.',
    'Exits with 7 when a problem could not be repaired.',
  ],
  examples: ['coffer scrub', 'coffer scrub --json', 'coffer scrub --detach'],
  async run({ out, connect }, { values }) {
    const client = await connect();
    const { startedAt } = await client.startScrub();
    if (values.detach) {
      out.result({ running: true, startedAt }, `Scrub started at ${new Date(startedAt).toISOString()}.`);
      return;
    }
    out.line('Scrubbing…');
    let report: Report | null = null;
    while (report === null) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const health = await client.storageHealth();
      if (!health.scrub.running && health.scrub.last && health.scrub.last.startedAt >= startedAt) report = health.scrub.last;
    }
    out.result(report, describe(report));
    return report.unrepaired > 0 ? ExitCode.server : ExitCode.ok;
  },
});

function describe(report: Report): string[] {
  const seconds = (report.finishedAt - report.startedAt) / 1000;
  const lines = [
    `Checked ${report.versionsChecked} versions and ${report.objectsChecked} objects: ${formatBytes(report.bytesVerified)} verified in ${seconds.toFixed(1)} s (${report.megabytesPerSecond} MB/s).`,
    `Repaired ${report.repaired}; not repaired ${report.unrepaired}; unreferenced objects ${report.unreferencedObjects}.`,
  ];
  const backends = report.backends.map((b) => [
    b.description,
    String(b.objects),
    String(b.missing),
    String(b.corrupt),
    String(b.unreachable),
    String(b.repaired),
  ]);
  lines.push(...formatTable(['BACKEND', 'OBJECTS', 'MISSING', 'CORRUPT', 'UNREACHABLE', 'REPAIRED'], backends, [false, true, true, true, true, true]));
  if (report.problems.length > 0) {
    const rows = report.problems.map((p) => [p.kind, p.repaired ? 'yes' : 'no', p.fileId ?? '-', p.versionId ?? '-', p.objectKey ?? '-', p.backend ?? '-']);
    lines.push(...formatTable(['PROBLEM', 'REPAIRED', 'FILE', 'VERSION', 'OBJECT', 'BACKEND'], rows, [false, false, false, false, false, false]));
    if (report.problemsOmitted > 0) lines.push(`…and ${report.problemsOmitted} more problems.`);
  }
  return lines;
}
