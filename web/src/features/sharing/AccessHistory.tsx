import { useState } from 'react';
import type { Api, ResultOf } from '@coffer/sdk';
import { client, describeError } from '../../app/client';
import { formatDate } from '../../components/format';

type ShareEvent = ResultOf<Api['shareEvents']>['events'][number];

const labels: Record<string, string> = {
  'share.granted': 'Shared',
  'share.changed': 'Access changed',
  'share.revoked': 'Access revoked',
  'share.left': 'Recipient left',
  'link.created': 'Link created',
  'link.opened': 'Opened',
  'link.downloaded': 'Downloaded',
  'link.revoked': 'Link revoked',
  'request.dropped': 'File dropped',
};

/**
 * The access history of one grant or link, loaded when asked for: each event is also an entry of the integrity log.
 * Kinds this screen does not know yet show as they are.
 */
export function AccessHistory({ subjectId }: { subjectId: string }) {
  const [events, setEvents] = useState<ShareEvent[]>();
  const [error, setError] = useState<string>();
  if (!events) {
    const load = (): void => {
      setError(undefined);
      client.sharing.shareEvents(subjectId).then(
        (result) => setEvents(result.events),
        (err: unknown) => setError(describeError(err)),
      );
    };
    return (
      <>
        <button type="button" onClick={load}>
          History
        </button>
        {error && <span role="alert">{error}</span>}
      </>
    );
  }
  return (
    <ol className="muted" aria-label="Access history" data-testid="access-history">
      {events.map((event) => (
        <li key={event.id}>
          {labels[event.kind] ?? event.kind} · {formatDate(event.at)}
        </li>
      ))}
    </ol>
  );
}
