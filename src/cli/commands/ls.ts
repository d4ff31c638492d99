import type { api, NodeDto, QueryIn } from '../../sdk/index.js';
import { defineCommand } from '../command.js';
import { formatBytes, formatTable, formatTime } from '../format.js';
import { chooseOne } from '../options.js';
import { resolveRemote } from '../remote-nodes.js';

type ListQuery = QueryIn<typeof api.listFolder>;
const sortFields = ['name', 'size', 'modified', 'type'] as const satisfies readonly NonNullable<ListQuery['sort']>[];
const orders = ['asc', 'desc'] as const satisfies readonly NonNullable<ListQuery['order']>[];

export const lsCommand = defineCommand({
  name: 'ls',
  summary: 'List a remote folder (your root folder by default).',
  args: '[REMOTE_PATH]',
  positionals: { min: 0, max: 1 },
  options: {
    sort: { type: 'string', value: 'FIELD', description: `Sort by ${sortFields.join(', ')} (default name).` },
    order: { type: 'string', value: 'ORDER', description: 'asc or desc (default asc).' },
  },
  details: ['With --json, prints an array of entries with id, name, type, size, modifiedAt and the other node fields.'],
  examples: ['coffer ls', 'coffer ls /Documents --sort size --order desc', 'coffer ls /Documents --json'],
  async run({ out, connect }, { values, positionals: [path = '/'] }) {
    const sort = chooseOne('sort', values.sort, sortFields);
    const order = chooseOne('order', values.order, orders);
    const client = await connect();
    const node = await resolveRemote(client, path);
    const entries: NodeDto[] = [];
    if (node.type === 'file') entries.push(node);
    else for await (const child of client.iterateFolder(node.id, { sort, order })) entries.push(child);
    if (entries.length === 0) out.note('(empty folder)');
    const rows = entries.map((e) => [e.type, e.type === 'folder' ? '-' : formatBytes(e.size), formatTime(e.modifiedAt), displayName(e)]);
    out.result(entries, entries.length === 0 ? [] : formatTable(['TYPE', 'SIZE', 'MODIFIED', 'NAME'], rows, [false, true, false, false]));
  },
});

function displayName(node: NodeDto): string {
  const flags = [node.passphraseProtected ? 'passphrase' : '', node.damaged ? 'damaged name' : ''].filter(Boolean);
  return `${node.name}${node.type === 'folder' ? '/' : ''}${flags.length ? `  (${flags.join(', ')})` : ''}`;
}
