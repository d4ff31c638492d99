import { z } from 'zod';
import { route } from './contract.js';
import { Id } from './entities.js';

/** Zip downloads of folder links (docs/sharing.md, "Zip download"): the browser builds the zip; the server only counts it. */
export const linkArchiveRoutes = {
  linkArchive: route({
    method: 'POST',
    path: '/public/links/:id/archive',
    summary:
      "Start a zip of a folder link (counts one download; refused on view-only links): a ticket under which the browser asks each file's manifest without counting again",
    tag: 'links',
    auth: 'none',
    params: z.object({ id: Id }),
    body: z.object({ ticket: z.string().max(200).describe('the ticket returned by openLink') }),
    response: z.object({ ticket: z.string() }),
    successStatus: 200,
  }),
};
