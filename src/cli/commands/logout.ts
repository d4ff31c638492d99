import { CofferApiError } from '../../sdk/index.js';
import { defineCommand } from '../command.js';
import { deleteCredentials, readCredentials } from '../credentials.js';

export const logoutCommand = defineCommand({
  name: 'logout',
  summary: 'Revoke the API token on the server and delete the saved login.',
  args: '',
  positionals: { min: 0, max: 0 },
  options: {},
  examples: ['coffer logout'],
  async run({ out, configDir, globals, connect }) {
    const saved = await readCredentials(configDir).catch(() => undefined);
    if (!saved && !globals.token) {
      await deleteCredentials(configDir);
      out.result({ signedOut: false }, 'Not signed in.');
      return;
    }
    let failure: unknown;
    try {
      await (await connect()).signOut();
    } catch (err) {
      // A token the server no longer accepts is as good as revoked; anything else must be reported.
      if (!(err instanceof CofferApiError && err.status === 401)) failure = err;
    }
    const deleted = await deleteCredentials(configDir);
    if (failure) {
      out.note(`${deleted ? 'Deleted the saved login, but the' : 'The'} server could not revoke the token; it stays valid until it expires.`);
      throw failure;
    }
    out.result({ signedOut: true }, `Signed out${saved ? ` of ${saved.server}` : ''}.${deleted ? ' Deleted the saved login.' : ''}`);
  },
});
