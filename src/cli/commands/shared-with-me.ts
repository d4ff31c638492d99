import { defineCommand } from '../command.js';
import { formatTable } from '../format.js';
import { orDash } from './sharing-options.js';

export const sharedWithMeCommand = defineCommand({
  name: 'shared-with-me',
  summary: 'Files and folders others shared with you.',
  args: '',
  positionals: { min: 0, max: 0 },
  options: {},
  examples: ['coffer shared-with-me', 'coffer shared-with-me --json'],
  async run({ out, connect }) {
    const { items } = await (await connect()).sharing.sharedWithMe();
    const rows = items.map((i) => [i.node?.name ?? `(${i.problem ?? 'unreadable'})`, i.nodeType, i.permission, i.ownerEmail, orDash(i.expiresAt), i.shareId]);
    out.result(items, items.length ? formatTable(['NAME', 'TYPE', 'PERMISSION', 'OWNER', 'EXPIRES', 'SHARE ID'], rows) : 'Nothing is shared with you.');
  },
});
