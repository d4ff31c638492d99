import { defineCommand } from '../command.js';
import { formatBytes, formatTable, formatTime } from '../format.js';

export const adminHealthCommand = defineCommand({
  name: 'admin health',
  summary: 'Accounts, storage used, and whether the database and storage answer (administrators only).',
  args: '',
  positionals: { min: 0, max: 0 },
  options: {},
  examples: ['coffer admin health --json'],
  async run({ out, connect }) {
    const health = await (await connect()).serverHealth();
    out.result(health, [
      `Accounts: ${health.users}`,
      `Storage used: ${formatBytes(health.usedBytes)}`,
      `Database: ${health.database}`,
      `Storage: ${health.storage}`,
    ]);
  },
});

export const adminEventsCommand = defineCommand({
  name: 'admin events',
  summary: 'Security events: alerts, new devices, account changes. Never file names or contents (administrators only).',
  args: '[--limit N] [--kind KIND]',
  positionals: { min: 0, max: 0 },
  options: {
    limit: { type: 'string', value: 'N', description: 'At most this many, newest first (default 100).' },
    kind: { type: 'string', value: 'KIND', description: 'Only this kind, e.g. alert.failure_burst.' },
  },
  examples: ['coffer admin events --kind alert.failure_burst'],
  async run({ out, connect }, { values }) {
    const { events } = await (
      await connect()
    ).adminEvents({ ...(values.limit ? { limit: Number(values.limit) } : {}), ...(values.kind ? { kind: values.kind } : {}) });
    const rows = events.map((e) => [
      formatTime(e.createdAt),
      e.kind,
      e.userId ?? '-',
      Object.entries(e.detail)
        .map(([k, v]) => `${k}=${v}`)
        .join(' '),
    ]);
    out.result(events, formatTable(['TIME', 'KIND', 'USER', 'DETAIL'], rows));
  },
});
