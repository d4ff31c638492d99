import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { CofferError } from '../domain/index.js';
import type { BodyOf, ParamsOf, QueryOf, ResponseOf, RouteContract } from '../api/index.js';
import { requireFreshAuth, type AuthContext, type SessionsService } from '../features/auth/index.js';
import { authenticate } from './authenticate.js';
import { authorize } from './authorize.js';

export const apiPrefix = '/api/v1';

export interface RouteInput<C extends RouteContract> {
  readonly params: ParamsOf<C>;
  readonly query: QueryOf<C>;
  readonly body: BodyOf<C>;
  readonly auth: C['auth'] extends 'none' ? AuthContext | undefined : AuthContext;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

type Handler<C extends RouteContract> = (input: RouteInput<C>) => Promise<ResponseOf<C> | undefined | void>;

/**
 * Registers one contract route as a pipeline: authenticate → authorize → validate → handler → present.
 * Handlers never see unvalidated input, and a route cannot exist without stating who may call it.
 */
export function defineRoute<C extends RouteContract>(app: FastifyInstance, sessions: SessionsService, contract: C, handler: Handler<C>): void {
  app.route({
    method: contract.method,
    url: apiPrefix + contract.path,
    handler: async (request, reply) => {
      const auth = contract.auth === 'none' ? await optionalAuth(request, sessions) : await authenticate(request, sessions);
      authorize(contract, auth);
      if (contract.reauth && auth) requireFreshAuth(auth, Date.now());
      const params = parse(contract.params, request.params, 'path');
      const query = parse(contract.query, request.query, 'query');
      const body = typeof contract.body === 'object' ? parse(contract.body, request.body ?? {}, 'body') : undefined;
      const result = await handler({ params, query, body, auth, request, reply } as unknown as RouteInput<C>);
      if (reply.sent) return reply;
      if (contract.response === 'empty') return reply.code(204).send();
      return reply.code(contract.successStatus).send(result);
    },
  });
}

async function optionalAuth(request: FastifyRequest, sessions: SessionsService): Promise<AuthContext | undefined> {
  try {
    return await authenticate(request, sessions);
  } catch {
    return undefined;
  }
}

function parse(schema: z.ZodType | undefined, value: unknown, where: string): never {
  if (!schema) return undefined as never;
  const result = schema.safeParse(value);
  if (result.success) return result.data as never;
  const problems = result.error.issues.map((issue) => `${[where, ...issue.path].join('.')}: ${issue.message}`);
  throw new CofferError('request.invalid', `The request is not valid: ${problems.join('; ')}.`, { problems });
}
