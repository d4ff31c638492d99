import { defineCommand } from '../command.js';
import { formatTable } from '../format.js';
import { orDash } from './sharing-options.js';

export const sendStatusCommand = defineCommand({
  name: 'send status',
  summary: 'Per recipient of a delivery: sent, opened (first correct code) and downloaded times.',
  args: 'DELIVERY_ID',
  positionals: { min: 1, max: 1 },
  options: {},
  examples: ['coffer send status 01hx3…', 'coffer send status 01hx3… --json'],
  async run({ out, connect }, { positionals: [id = ''] }) {
    const delivery = await (await connect()).sharing.getDelivery(id);
    const rows = delivery.recipients.map((r) => [r.id, r.email, r.state, orDash(r.sentAt), orDash(r.openedAt), orDash(r.downloadedAt)]);
    out.result(delivery, formatTable(['RECIPIENT ID', 'EMAIL', 'STATE', 'SENT', 'OPENED', 'DOWNLOADED'], rows));
  },
});
