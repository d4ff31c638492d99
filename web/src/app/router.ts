import { useEffect, useState } from 'react';

/**
 * A small history router: the app has a handful of routes, and folder URLs carry the folder's path
 * (`/files/Documents/2024`) so they can be bookmarked and shared, and back and forward just work.
 */
export type Route =
  | { readonly name: 'setup' }
  | { readonly name: 'invite' }
  | { readonly name: 'confirm-email' }
  | { readonly name: 'register' }
  | { readonly name: 'recover' }
  | { readonly name: 'sign-in' }
  | { readonly name: 'files'; readonly path: string[] }
  | { readonly name: 'search'; readonly query: string }
  | { readonly name: 'trash' }
  | { readonly name: 'settings' }
  | { readonly name: 'shared' }
  | { readonly name: 'admin' };

export function parseLocation(location: Location): Route {
  const parts = location.pathname.split('/').filter((part) => part !== '');
  const [first, ...rest] = parts;
  if (first === 'setup') return { name: 'setup' };
  if (first === 'invite') return { name: 'invite' };
  if (first === 'confirm-email') return { name: 'confirm-email' };
  if (first === 'register') return { name: 'register' };
  if (first === 'recover') return { name: 'recover' };
  if (first === 'sign-in') return { name: 'sign-in' };
  if (first === 'trash') return { name: 'trash' };
  if (first === 'settings') return { name: 'settings' };
  if (first === 'shared') return { name: 'shared' };
  if (first === 'admin') return { name: 'admin' };
  if (first === 'search') return { name: 'search', query: new URLSearchParams(location.search).get('q') ?? '' };
  return { name: 'files', path: first === 'files' ? rest.map(safeDecode) : [] };
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** Pages that work signed out (opened from a mailed link, or reached from the sign-in page): nothing redirects away from them. */
export function isLinkPage(pathname: string): boolean {
  return ['/setup', '/invite', '/confirm-email', '/register', '/recover'].some((prefix) => pathname === prefix || pathname.startsWith(prefix + '/'));
}

export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'files':
      return '/files' + route.path.map((part) => '/' + encodeURIComponent(part)).join('');
    case 'search':
      return `/search?q=${encodeURIComponent(route.query)}`;
    default:
      return `/${route.name}`;
  }
}

const listeners = new Set<() => void>();

export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const href = hrefOf(route);
  if (href !== window.location.pathname + window.location.search) {
    if (options.replace) window.history.replaceState(null, '', href);
    else window.history.pushState(null, '', href);
  }
  for (const listener of listeners) listener();
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseLocation(window.location));
  useEffect(() => {
    const update = (): void => setRoute(parseLocation(window.location));
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}
