import { CofferApiError, CofferClient } from '@coffer/sdk';

/** One SDK client for the app: same origin, cookie session (no token ever reaches JavaScript). */
export const client = new CofferClient({ baseUrl: window.location.origin });

/** The sentence to show a person for any failure: the server's message when it sent one. */
export function describeError(err: unknown): string {
  if (err instanceof CofferApiError) return err.message;
  if (err instanceof Error && err.name === 'AbortError') return 'Cancelled.';
  if (err instanceof Error) return err.message;
  return 'Something went wrong.';
}

export function isUnauthenticated(err: unknown): boolean {
  return err instanceof CofferApiError && (err.status === 401 || err.code === 'auth.required' || err.code === 'auth.session_invalid');
}
