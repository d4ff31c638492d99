import { UsageError } from '../cli-error.js';
import { defineCommand } from '../command.js';
import { resolveRemote } from '../remote-nodes.js';
import { readStdin, stripOneNewline } from '../secrets.js';
import { parseExpiry } from './sharing-options.js';

export const linkCreateCommand = defineCommand({
  name: 'link create',
  summary: 'Create a public link to a file or folder; the key is in the part after "#".',
  args: 'REMOTE_PATH',
  positionals: { min: 1, max: 1 },
  options: {
    expires: { type: 'string', description: 'When the link stops working: a duration (30m, 12h, 7d) or an ISO 8601 time.' },
    'max-downloads': { type: 'string', description: 'Stop after this many downloads.' },
    'password-stdin': { type: 'boolean', description: 'Read a password for the link from standard input (one line).' },
    'view-only': { type: 'boolean', description: 'Show a preview without a download button (advisory: the browser decrypts).' },
  },
  details: ['The full link is printed once. Coffer keeps only a verifier: a lost link cannot be shown again, only revoked and re-created.'],
  examples: ['coffer link create /Photos/Summer --expires 7d', 'printf "%s\\n" "$PW" | coffer link create /report.pdf --password-stdin --max-downloads 3'],
  async run({ out, connect, io }, { values, positionals: [path = ''] }) {
    const client = await connect();
    const node = await resolveRemote(client, path);
    const password = values['password-stdin'] ? stripOneNewline(await readStdin(io.stdin)) : undefined;
    const maxDownloads = values['max-downloads'] === undefined ? undefined : Number(values['max-downloads']);
    if (maxDownloads !== undefined && !(Number.isInteger(maxDownloads) && maxDownloads > 0))
      throw new UsageError('--max-downloads must be a positive whole number.');
    const created = await client.sharing.createLink({
      nodeId: node.id,
      expiresAt: parseExpiry(values.expires),
      ...(password ? { password } : {}),
      ...(maxDownloads !== undefined ? { maxDownloads } : {}),
      allowDownload: !values['view-only'],
    });
    const url = `${client.baseUrl}${created.path}`;
    out.result({ ...created, url }, [url, `link id ${created.link.id}`]);
  },
});
