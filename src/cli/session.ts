import { CofferClient } from '../sdk/index.js';
import { CliError, UsageError } from './cli-error.js';
import { configDirFor, readCredentials } from './credentials.js';
import type { GlobalValues } from './options.js';

export interface Session {
  readonly server: string;
  readonly token: string | undefined;
  readonly configDir: string;
}

/** "https://drive.example.com/api/v1/" → "https://drive.example.com"; refuses anything but http(s). */
export function normalizeServerUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new UsageError(`"${input}" is not a server URL: use the full address, e.g. https://drive.example.com.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`The server URL must start with https:// or http://, not ${url.protocol}//.`);
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
  return `${url.origin}${path}`;
}

/**
 * Server and token from flags or the environment, else from the saved login. The saved token is used
 * only for the server it was issued by, so `--server` pointed elsewhere never leaks it.
 */
export async function resolveSession(globals: GlobalValues, env: Readonly<Record<string, string | undefined>>, needToken = true): Promise<Session> {
  const configDir = configDirFor(globals['config-dir'], env);
  // Read only when it is needed, so a damaged credentials file never blocks `login` or an explicit --server/--token.
  const needsSaved = !globals.server || (needToken && !globals.token);
  const saved = needsSaved ? await readCredentials(configDir) : undefined;
  const server = globals.server ? normalizeServerUrl(globals.server) : saved?.server;
  if (!server && needToken) {
    throw new CliError('auth.required', 'Not signed in: there is no saved login, and no --server or COFFER_SERVER with a token.', { status: 401 });
  }
  if (!server) throw new UsageError('No server given: pass --server URL or set COFFER_SERVER.');
  const token = globals.token ?? (saved && normalizeServerUrl(saved.server) === server ? saved.token : undefined);
  return { server, token, configDir };
}

export function anonymousClient(session: Session): CofferClient {
  return new CofferClient({ baseUrl: session.server });
}

export function signedInClient(session: Session): CofferClient {
  if (!session.token) {
    throw new CliError('auth.required', `Not signed in to ${session.server}.`, { status: 401 });
  }
  return new CofferClient({ baseUrl: session.server, token: session.token });
}
