import type { z } from 'zod';

/**
 * One API route, described once. The server validates with these schemas, the OpenAPI document is
 * rendered from them and the SDK derives its argument and result types from them.
 */
export interface RouteContract<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Fastify-style path under /api/v1, e.g. `/nodes/:id`. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  /**
   * Who may call, checked in one place (http/authorize.ts): 'none' anyone; 'session' any signed-in account, guests
   * and auditors included; 'member' users and admins (their own drive: guests and auditors have none); 'account' the
   * account's own security settings, from a full sign-in session only (never an app password); 'audit' administrators
   * and auditors (the integrity log, proofs, object hashes: nothing that decrypts); 'admin' administrators in a full
   * session.
   */
  readonly auth: 'none' | 'session' | 'member' | 'account' | 'audit' | 'admin';
  readonly params?: P;
  readonly query?: Q;
  /** JSON body schema, or 'stream' for raw uploads, or 'multipart'. */
  readonly body?: B | 'stream' | 'multipart';
  /** JSON response schema, 'stream' for file content, or 'empty' for 204. */
  readonly response: R | 'stream' | 'empty';
  readonly successStatus: 200 | 201 | 204;
  /** A sensitive change: the session must have confirmed the password or a second factor in the last 5 minutes (`403 auth.reauth_required`). */
  readonly reauth?: true;
}

export function route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  contract: RouteContract<P, Q, B, R>,
): RouteContract<P, Q, B, R> {
  return contract;
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : never;
export type ParamsOf<C> = C extends RouteContract<infer P, z.ZodType, z.ZodType, z.ZodType> ? Infer<P> : never;
export type QueryOf<C> = C extends RouteContract<z.ZodType, infer Q, z.ZodType, z.ZodType> ? Infer<Q> : never;
export type BodyOf<C> = C extends { body?: infer B } ? Infer<B> : never;
export type ResponseOf<C> = C extends { response: infer R } ? Infer<R> : never;
