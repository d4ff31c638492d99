import { useState, type ReactNode } from 'react';
import { formatBytes } from '../components/format';
import { UploadPanel } from '../features/upload/UploadPanel';
import { useToasts } from '../components/toasts';
import { hrefOf, navigate, type Route } from './router';
import { useSession } from './session';

/** Header with search and account menu, a side navigation (a drawer on phones) and the page. */
export function AppShell({ route, children }: { route: Route; children: ReactNode }) {
  const { user, signOut } = useSession();
  const toasts = useToasts();
  const [menuOpen, setMenuOpen] = useState(false);
  const [query, setQuery] = useState(route.name === 'search' ? route.query : '');
  const link = (target: Route, label: string, active: boolean) => (
    <a
      href={hrefOf(target)}
      aria-current={active ? 'page' : undefined}
      onClick={(event) => {
        event.preventDefault();
        setMenuOpen(false);
        navigate(target);
      }}
    >
      {label}
    </a>
  );
  const percent = user.quotaBytes > 0 ? Math.min(100, (user.usedBytes / user.quotaBytes) * 100) : 0;
  return (
    <div className="shell">
      <header className="topbar">
        <button type="button" className="icon-button menu-toggle" aria-label="Menu" aria-expanded={menuOpen} onClick={() => setMenuOpen(!menuOpen)}>
          ☰
        </button>
        <a
          className="brand"
          href="/files"
          onClick={(event) => {
            event.preventDefault();
            navigate({ name: 'files', path: [] });
          }}
        >
          Coffer
        </a>
        <form
          className="search"
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            if (query.trim()) navigate({ name: 'search', query: query.trim() });
          }}
        >
          <input type="search" aria-label="Search the drive" placeholder="Search the drive" value={query} onChange={(event) => setQuery(event.target.value)} />
        </form>
        <button
          type="button"
          className="sign-out"
          onClick={() =>
            signOut().then(
              () => toasts.success('Signed out.'),
              (err: unknown) => toasts.error(err),
            )
          }
        >
          Sign out
        </button>
      </header>
      <div className="body">
        <nav className={menuOpen ? 'sidebar open' : 'sidebar'} aria-label="Main">
          {link({ name: 'files', path: [] }, 'My files', route.name === 'files')}
          {link({ name: 'shared' }, 'Shared with me', route.name === 'shared')}
          {link({ name: 'trash' }, 'Trash', route.name === 'trash')}
          {link({ name: 'settings' }, 'Settings', route.name === 'settings')}
          {user.role === 'admin' && link({ name: 'admin' }, 'Admin', route.name === 'admin')}
          <div className="usage" data-testid="usage">
            <span>
              {formatBytes(user.usedBytes)} used{user.quotaBytes > 0 ? ` of ${formatBytes(user.quotaBytes)}` : ''}
            </span>
            {user.quotaBytes > 0 && <progress max={100} value={percent} aria-label="Storage used" />}
          </div>
          <p className="account">{user.email}</p>
        </nav>
        <main className="page">{children}</main>
        <UploadPanel />
      </div>
    </div>
  );
}
