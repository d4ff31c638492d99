import { defineCommand } from '../command.js';

export const sendRevokeCommand = defineCommand({
  name: 'send revoke',
  summary: "Revoke a delivery (every recipient's link) or, with --recipient, one recipient's link.",
  args: 'DELIVERY_ID',
  positionals: { min: 1, max: 1 },
  options: {
    recipient: { type: 'string', value: 'RECIPIENT_ID', description: 'Revoke only this recipient (ids from `coffer send status`).' },
  },
  examples: ['coffer send revoke 01hx3…', 'coffer send revoke 01hx3… --recipient 01hx4…'],
  async run({ out, connect }, { values, positionals: [id = ''] }) {
    const client = await connect();
    if (values.recipient) await client.sharing.revokeDeliveryRecipient(id, values.recipient);
    else await client.sharing.revokeDelivery(id);
    out.result({ revoked: id, recipient: values.recipient ?? null }, values.recipient ? `Revoked recipient ${values.recipient}` : `Revoked delivery ${id}`);
  },
});
