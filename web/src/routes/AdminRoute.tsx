import { useState } from 'react';
import { EventsPanel } from '../features/admin/EventsPanel';
import { StoragePanel } from '../features/admin/StoragePanel';
import { UsersPanel } from '../features/admin/UsersPanel';

const tabs = { users: 'Users', storage: 'Server and storage', events: 'Security events' } as const;
type Tab = keyof typeof tabs;

/** The admin console (loaded on demand: most people never open it). */
export default function AdminRoute() {
  const [tab, setTab] = useState<Tab>('users');
  return (
    <section className="admin stack" aria-labelledby="admin-title">
      <h1 id="admin-title">Administration</h1>
      <div className="row" role="group" aria-label="Sections">
        {(Object.keys(tabs) as Tab[]).map((key) => (
          <button key={key} type="button" aria-pressed={tab === key} onClick={() => setTab(key)}>
            {tabs[key]}
          </button>
        ))}
      </div>
      {tab === 'users' && <UsersPanel />}
      {tab === 'storage' && <StoragePanel />}
      {tab === 'events' && <EventsPanel />}
    </section>
  );
}
