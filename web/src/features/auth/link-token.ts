/**
 * One-time links carry their token in the fragment (`/invite#token=…`): browsers never send the fragment to the
 * server, so the token stays out of access logs and Referer headers. Read once, then dropped from the address bar.
 */
export function takeFragmentToken(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

/** Removes the token from the address bar and the history entry, keeping the page. */
export function forgetFragmentToken(): void {
  window.history.replaceState(null, '', window.location.pathname);
}
