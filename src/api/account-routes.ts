import { z } from 'zod';
import { route } from './contract.js';

/** The account's own data: export everything as a zip, delete the account (crypto-shredding). */
export const accountRoutes = {
  exportAccount: route({
    method: 'GET',
    path: '/me/export',
    summary: 'Download everything the account owns: a zip of decrypted files plus coffer-export.json (metadata)',
    tag: 'auth',
    auth: 'session',
    response: 'stream',
    successStatus: 200,
  }),
  deleteAccount: route({
    method: 'POST',
    path: '/me/delete',
    summary: 'Delete the account with its keys, sessions and files, after re-entering the password',
    tag: 'auth',
    auth: 'session',
    body: z.object({ password: z.string().min(1).max(1024) }),
    response: 'empty',
    successStatus: 204,
  }),
} as const;
