import { useEffect, useState } from 'react';
import type { Api, ResultOf } from '@coffer/sdk';
import { client } from '../../app/client';
import { formatDate } from '../../components/format';
import { useToasts } from '../../components/toasts';

type AdminEvent = ResultOf<Api['adminEvents']>['events'][number];

/** Security events (sign-in alerts, new devices, account changes). The API never includes file names or contents. */
export function EventsPanel() {
  const toasts = useToasts();
  const [events, setEvents] = useState<AdminEvent[]>();
  useEffect(() => {
    client.adminEvents({ limit: 100 }).then(
      (result) => setEvents(result.events),
      (err: unknown) => toasts.error(err),
    );
  }, [toasts]);
  return (
    <section className="stack" aria-labelledby="events-title">
      <h2 id="events-title">Security events</h2>
      {!events && <p className="loading">Loading…</p>}
      {events?.length === 0 && <p className="muted">No events yet.</p>}
      {events && events.length > 0 && (
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">Account</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id} data-testid="admin-event">
                <td>{formatDate(event.createdAt)}</td>
                <td>{event.kind}</td>
                <td>{event.userId ?? ''}</td>
                <td>
                  {Object.entries(event.detail)
                    .map(([key, value]) => `${key}: ${value}`)
                    .join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
