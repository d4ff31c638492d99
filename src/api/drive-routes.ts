import { z } from 'zod';
import { route } from './contract.js';
import { Id, Node } from './entities.js';

export const SearchHit = z
  .object({ node: Node, folderPath: z.string().describe('the folder holding the item, e.g. "/Documents/2024"') })
  .meta({ id: 'SearchHit' });

/** Drive-wide routes the web app needs beside browsing one folder: search by name, and a zip of a selection. */
export const driveRoutes = {
  search: route({
    method: 'GET',
    path: '/search',
    summary: 'Find files and folders anywhere in the drive whose name contains the query (names are decrypted on the fly)',
    tag: 'files',
    auth: 'session',
    query: z.object({ q: z.string().trim().min(1).max(255), limit: z.coerce.number().int().min(1).max(1000).default(200) }),
    response: z.object({ hits: z.array(SearchHit), truncated: z.boolean() }),
    successStatus: 200,
  }),
  downloadArchive: route({
    method: 'GET',
    path: '/archive',
    summary: 'Download files and folders as one zip, streamed (ZIP64 for large entries). Ids separated by commas.',
    tag: 'files',
    auth: 'session',
    query: z.object({
      ids: z
        .string()
        .max(27 * 500)
        .transform((value) => value.split(','))
        .pipe(z.array(Id).min(1).max(500)),
      name: z.string().max(200).optional().describe('file name of the zip, without ".zip"'),
    }),
    response: 'stream',
    successStatus: 200,
  }),
} as const;
