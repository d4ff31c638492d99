import { UsageError } from '../cli-error.js';
import { defineCommand } from '../command.js';
import { resolveRemote } from '../remote-nodes.js';
import { parseExpiry } from './sharing-options.js';

export const sendCommand = defineCommand({
  name: 'send',
  summary: 'Send a file or folder by email: each recipient gets a link that opens only with a code mailed to them.',
  args: 'REMOTE_PATH',
  positionals: { min: 1, max: 1 },
  options: {
    to: { type: 'string', value: 'EMAIL', multiple: true, description: 'A recipient; repeat for several (COFFER_TO takes a comma-separated list).' },
    message: { type: 'string', value: 'TEXT', description: 'A message put in the mail as written (not stored).' },
    notify: { type: 'boolean', description: "Email me at each recipient's first download." },
    expires: { type: 'string', description: 'When the links stop working: a duration (30m, 12h, 7d) or an ISO 8601 time (default 30 days).' },
  },
  details: [
    'Each recipient gets their own link; opening it mails a one-time code to that address, and only the code releases the key to their browser.',
    'Follow with `coffer send status ID` to see, per recipient, when the link was opened and the file downloaded.',
  ],
  examples: [
    'coffer send /Reports/results.pdf --to patient@example.com --message "Your results" --notify',
    'coffer send /Scans --to a@example.com --to b@example.com --expires 7d',
  ],
  async run({ out, connect }, { values, positionals: [path = ''] }) {
    const to = values.to ?? [];
    if (to.length === 0) throw new UsageError('Give at least one recipient with --to EMAIL.');
    const client = await connect();
    const node = await resolveRemote(client, path);
    const delivery = await client.sharing.sendDelivery({
      nodeId: node.id,
      to: [...to],
      ...(values.message ? { message: values.message } : {}),
      notifyOnDownload: values.notify,
      ...(values.expires ? { expiresAt: parseExpiry(values.expires) } : {}),
    });
    const lines = delivery.recipients.map((r) => `${r.state === 'failed' ? 'NOT sent' : 'Sent'} to ${r.email}`);
    out.result(delivery, [...lines, `delivery id ${delivery.id}`]);
  },
});
