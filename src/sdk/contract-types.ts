import type { z } from 'zod';
import type { RouteContract } from '../api/index.js';

/**
 * Argument and result types derived from the route contracts, so the SDK never restates a shape.
 * Arguments use the schemas' input types (fields with a default are optional); results use their
 * output types. A part a route does not declare comes out as `never`.
 */
type Declared<S> = z.ZodType extends S ? never : S;
type InputOf<S> = [Declared<S>] extends [never] ? never : S extends z.ZodType ? z.input<S> : never;

export type ParamsIn<C> = C extends RouteContract<infer P, z.ZodType, z.ZodType, z.ZodType> ? InputOf<P> : never;
export type QueryIn<C> = C extends RouteContract<z.ZodType, infer Q, z.ZodType, z.ZodType> ? InputOf<Q> : never;
export type BodyIn<C> = C extends RouteContract<z.ZodType, z.ZodType, infer B, z.ZodType> ? InputOf<B> : never;

/** The parsed JSON result of a route, or void for routes that answer 204 or stream. */
export type ResultOf<C> = C extends RouteContract<z.ZodType, z.ZodType, z.ZodType, infer R> ? ([Declared<R>] extends [never] ? void : z.output<R>) : never;

type Part<K extends string, T> = [T] extends [never]
  ? { readonly [key in K]?: never }
  : undefined extends T
    ? { readonly [key in K]?: T }
    : { readonly [key in K]: T };

/** What `request()` needs for one route: exactly the parts the contract declares. */
export type RequestParts<C> = Part<'params', ParamsIn<C>> & Part<'query', QueryIn<C>> & Part<'body', BodyIn<C>>;
