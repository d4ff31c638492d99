import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { Api, NodeDto, ResultOf } from '@coffer/sdk';
import { client, describeError } from '../../app/client';
import { formatDate } from '../../components/format';
import { useToasts } from '../../components/toasts';
import { expiryFromDate } from './expiry';
import { AccessHistory } from './AccessHistory';
import { FormError } from '../../components/FormError';

type Share = ResultOf<Api['listShares']>['shares'][number];

/** Share with another account by email, and who has access now (change permission or revoke). */
export function UserShares({ node }: { node: NodeDto }) {
  const toasts = useToasts();
  const [shares, setShares] = useState<Share[]>();
  const [email, setEmail] = useState('');
  const [permission, setPermission] = useState<'read' | 'write'>('read');
  const [expiry, setExpiry] = useState('');
  const [error, setError] = useState<string>();
  const load = useCallback(() => {
    client.sharing.listShares(node.id).then(
      (result) => setShares(result.shares),
      (err: unknown) => setError(describeError(err)),
    );
  }, [node.id]);
  useEffect(load, [load]);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setError(undefined);
    client.sharing.createShare({ nodeId: node.id, recipientEmail: email, permission, expiresAt: expiryFromDate(expiry) }).then(
      () => {
        toasts.success(`Shared with ${email}.`);
        setEmail('');
        load();
      },
      (err: unknown) => setError(describeError(err)),
    );
  };
  const run = (promise: Promise<unknown>, message: string): void => {
    promise.then(
      () => {
        toasts.success(message);
        load();
      },
      (err: unknown) => toasts.error(err),
    );
  };
  return (
    <section className="stack" aria-labelledby="share-people-title">
      <h3 id="share-people-title">People</h3>
      <form className="stack" onSubmit={submit}>
        <label>
          Share with (email)
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
        </label>
        <div className="row">
          <label>
            Access
            <select value={permission} onChange={(e) => setPermission(e.target.value as 'read' | 'write')}>
              <option value="read">Can view</option>
              <option value="write">Can edit</option>
            </select>
          </label>
          <label>
            Expires (optional)
            <input type="date" value={expiry} onChange={(e) => setExpiry(e.target.value)} />
          </label>
        </div>
        {error && <FormError>{error}</FormError>}
        <div className="row">
          <button type="submit" className="primary">
            Share
          </button>
        </div>
      </form>
      {shares && shares.length === 0 && <p className="muted">Nobody else has access.</p>}
      {shares && shares.length > 0 && (
        <ul className="trash-list" aria-label="Who has access">
          {shares.map((share) => (
            <li key={share.id} data-testid="share-row" data-email={share.recipientEmail}>
              <span className="name">{share.recipientEmail}</span>
              <span className="muted">{share.expiresAt ? `until ${formatDate(share.expiresAt)}` : 'no expiry'}</span>
              <AccessHistory subjectId={share.id} />
              <span className="row">
                <select
                  aria-label={`Access of ${share.recipientEmail}`}
                  value={share.permission}
                  onChange={(e) => run(client.sharing.updateShare(share.id, { permission: e.target.value as 'read' | 'write' }), 'Access changed.')}
                >
                  <option value="read">Can view</option>
                  <option value="write">Can edit</option>
                </select>
                <button
                  type="button"
                  className="danger"
                  onClick={() => run(client.sharing.revokeShare(share.id), `Revoked access of ${share.recipientEmail}.`)}
                >
                  Revoke
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
