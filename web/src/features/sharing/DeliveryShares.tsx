import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { Api, NodeDto, ResultOf } from '@coffer/sdk';
import { client, describeError } from '../../app/client';
import { formatDate } from '../../components/format';
import { useToasts } from '../../components/toasts';
import { FormError } from '../../components/FormError';

type Delivery = ResultOf<Api['listDeliveries']>['deliveries'][number];
type Recipient = Delivery['recipients'][number];

function recipientStatus(r: Recipient): string {
  const parts = [r.sentAt ? `sent ${formatDate(r.sentAt)}` : r.state === 'failed' ? 'not sent (mail refused)' : 'sending'];
  if (r.openedAt) parts.push(`opened ${formatDate(r.openedAt)}`);
  if (r.downloadedAt) parts.push(`downloaded ${formatDate(r.downloadedAt)}`);
  if (r.state === 'revoked') parts.push('revoked');
  if (r.state === 'expired') parts.push('expired');
  return parts.join(' · ');
}

/**
 * Secure delivery by email: each recipient gets their own link, which opens only with a code mailed to their address
 * when they open it. The sender sees, per recipient, when it was sent, opened and downloaded.
 */
export function DeliveryShares({ node }: { node: NodeDto }) {
  const toasts = useToasts();
  const [deliveries, setDeliveries] = useState<Delivery[]>();
  const [to, setTo] = useState('');
  const [message, setMessage] = useState('');
  const [notify, setNotify] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const load = useCallback(() => {
    client.sharing.listDeliveries({ nodeId: node.id }).then(
      (result) => setDeliveries(result.deliveries),
      (err: unknown) => setError(describeError(err)),
    );
  }, [node.id]);
  useEffect(load, [load]);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setError(undefined);
    const addresses = to
      .split(/[\s,;]+/)
      .map((a) => a.trim())
      .filter(Boolean);
    setBusy(true);
    client.sharing
      .sendDelivery({ nodeId: node.id, to: addresses, ...(message ? { message } : {}), notifyOnDownload: notify })
      .then(
        (delivery) => {
          toasts.success(`Sent to ${delivery.recipients.length} ${delivery.recipients.length === 1 ? 'address' : 'addresses'}.`);
          setTo('');
          setMessage('');
          load();
        },
        (err: unknown) => setError(describeError(err)),
      )
      .finally(() => setBusy(false));
  };
  const revoke = (promise: Promise<unknown>, what: string): void => {
    promise.then(
      () => {
        toasts.success(`${what} revoked.`);
        load();
      },
      (err: unknown) => toasts.error(err),
    );
  };
  return (
    <section className="stack" aria-labelledby="share-delivery-title">
      <h3 id="share-delivery-title">Send by email</h3>
      <p className="muted">Each person gets a link that opens only with a code we email to them at that moment. Their browser decrypts the file.</p>
      <form className="stack" onSubmit={submit}>
        <label>
          Send to (email addresses)
          <input type="text" value={to} onChange={(e) => setTo(e.target.value)} placeholder="patient@example.com" required autoComplete="off" />
        </label>
        <label>
          Message (optional)
          <textarea value={message} onChange={(e) => setMessage(e.target.value)} rows={3} maxLength={4000} />
        </label>
        <label className="row">
          <input type="checkbox" checked={notify} onChange={(e) => setNotify(e.target.checked)} />
          Email me on first download
        </label>
        {error && <FormError>{error}</FormError>}
        <div className="row">
          <button type="submit" disabled={busy}>
            Send
          </button>
        </div>
      </form>
      {deliveries && deliveries.length > 0 && (
        <ul className="trash-list" aria-label="Sent by email">
          {deliveries.flatMap((delivery) =>
            delivery.recipients.map((r) => (
              <li key={r.id} data-testid="delivery-row" data-email={r.email} data-state={r.state}>
                <span className="name">{r.email}</span>
                <span className="muted" data-testid="delivery-status">
                  {recipientStatus(r)}
                </span>
                {r.state !== 'revoked' && (
                  <button
                    type="button"
                    className="danger"
                    aria-label={`Revoke ${r.email}`}
                    onClick={() => revoke(client.sharing.revokeDeliveryRecipient(delivery.id, r.id), 'Access')}
                  >
                    Revoke
                  </button>
                )}
              </li>
            )),
          )}
        </ul>
      )}
      {deliveries?.some((d) => !d.revokedAt && d.recipients.length > 1) && (
        <div className="row">
          {deliveries
            .filter((d) => !d.revokedAt && d.recipients.length > 1)
            .map((d) => (
              <button key={d.id} type="button" className="danger" onClick={() => revoke(client.sharing.revokeDelivery(d.id), 'Delivery')}>
                Revoke all sent {formatDate(d.createdAt)}
              </button>
            ))}
        </div>
      )}
    </section>
  );
}
