import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { Api, NodeDto, ResultOf } from '@coffer/sdk';
import { client, describeError } from '../../app/client';
import { formatDate } from '../../components/format';
import { useToasts } from '../../components/toasts';
import { AccessHistory } from './AccessHistory';
import { expiryFromDate } from './expiry';
import { FormError } from '../../components/FormError';

type Link = ResultOf<Api['listLinks']>['links'][number];

/**
 * Public links. The full URL carries the secret in its fragment and is shown once: the server keeps no copy, so a
 * lost URL means a new link.
 */
export function LinkShares({ node }: { node: NodeDto }) {
  const toasts = useToasts();
  const [links, setLinks] = useState<Link[]>();
  const [password, setPassword] = useState('');
  const [expiry, setExpiry] = useState('');
  const [maxDownloads, setMaxDownloads] = useState('');
  const [allowDownload, setAllowDownload] = useState(true);
  const [created, setCreated] = useState<string>();
  const [error, setError] = useState<string>();
  const load = useCallback(() => {
    client.sharing.listLinks({ nodeId: node.id }).then(
      (result) => setLinks(result.links.filter((link) => !link.revokedAt)),
      (err: unknown) => setError(describeError(err)),
    );
  }, [node.id]);
  useEffect(load, [load]);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setError(undefined);
    const limit = maxDownloads ? Number(maxDownloads) : null;
    client.sharing.createLink({ nodeId: node.id, password: password || undefined, expiresAt: expiryFromDate(expiry), maxDownloads: limit, allowDownload }).then(
      (result) => {
        setCreated(window.location.origin + result.path);
        setPassword('');
        load();
      },
      (err: unknown) => setError(describeError(err)),
    );
  };
  return (
    <section className="stack" aria-labelledby="share-links-title">
      <h3 id="share-links-title">Links</h3>
      {created && (
        <div className="stack">
          <div className="warning" role="note">
            <strong>Copy this link now. It is shown only once.</strong> The key to the file is in the part after “#”, which the server never keeps.
          </div>
          <output className="recovery-key" data-testid="link-url">
            {created}
          </output>
          <div className="row">
            <button
              type="button"
              onClick={() =>
                navigator.clipboard.writeText(created).then(
                  () => toasts.success('Link copied.'),
                  () => toasts.error('Could not copy. Select the link and copy it by hand.'),
                )
              }
            >
              Copy link
            </button>
          </div>
        </div>
      )}
      <form className="stack" onSubmit={submit}>
        <div className="row">
          <label>
            Password (optional)
            <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
          </label>
          <label>
            Expires (optional)
            <input type="date" value={expiry} onChange={(e) => setExpiry(e.target.value)} />
          </label>
          <label>
            Download limit (optional)
            <input type="number" min={1} value={maxDownloads} onChange={(e) => setMaxDownloads(e.target.value)} />
          </label>
        </div>
        <label className="row">
          <input type="checkbox" checked={!allowDownload} onChange={(e) => setAllowDownload(!e.target.checked)} />
          View only (no download button)
        </label>
        {error && <FormError>{error}</FormError>}
        <div className="row">
          <button type="submit">Create link</button>
        </div>
      </form>
      {links && links.length > 0 && (
        <ul className="trash-list" aria-label="Active links">
          {links.map((link) => (
            <li key={link.id} data-testid="link-row">
              <span className="name">Link created {formatDate(link.createdAt)}</span>
              <span className="muted">
                {link.hasPassword ? 'password · ' : ''}
                {link.allowDownload ? 'download allowed' : 'view only'} · {link.downloadCount}
                {link.maxDownloads ? ` of ${link.maxDownloads}` : ''} downloads{link.expiresAt ? ` · until ${formatDate(link.expiresAt)}` : ''}
              </span>
              <AccessHistory subjectId={link.id} />
              <button
                type="button"
                className="danger"
                onClick={() =>
                  client.sharing.revokeLink(link.id).then(
                    () => {
                      toasts.success('Link revoked.');
                      load();
                    },
                    (err: unknown) => toasts.error(err),
                  )
                }
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
