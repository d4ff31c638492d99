import { z } from 'zod';
import { api, ErrorBody, type RouteContract } from '../api/index.js';
import { apiPrefix } from './define-route.js';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (object.required ?? []).includes(name),
    schema: property,
  }));
}

function requestBody(contract: RouteContract): JsonSchema | undefined {
  if (contract.body === undefined) return undefined;
  if (contract.body === 'stream') return { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } };
  if (contract.body === 'multipart') return { required: true, content: { 'multipart/form-data': { schema: { type: 'object' } } } };
  return { content: { 'application/json': { schema: jsonSchema(contract.body, 'input') } } };
}

function successResponse(contract: RouteContract): JsonSchema {
  if (contract.response === 'empty') return { description: 'Done' };
  if (contract.response === 'stream')
    return { description: 'File content', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } };
  return { description: 'Success', content: { 'application/json': { schema: jsonSchema(contract.response, 'output') } } };
}

/** The OpenAPI 3.1 document, rendered from the same contracts the server validates with. */
export function renderOpenApi(version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [operationId, contract] of Object.entries(api) as [string, RouteContract][]) {
    const path = apiPrefix + contract.path.replace(/:(\w+)/g, '{$1}');
    const body = requestBody(contract);
    paths[path] ??= {};
    paths[path][contract.method.toLowerCase()] = {
      operationId,
      summary: contract.summary,
      tags: [contract.tag],
      ...(contract.auth === 'none' ? { security: [] } : {}),
      parameters: [...parameters(contract.params, 'path'), ...parameters(contract.query, 'query')],
      ...(body ? { requestBody: body } : {}),
      responses: {
        [String(contract.successStatus)]: successResponse(contract),
        default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Coffer API', version, description: 'Encrypted personal cloud. Every error has the body { "error": { "code", "message" } }.' },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Error: jsonSchema(ErrorBody, 'output') },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'coffer_session' } },
    },
    security: [{ bearer: [] }, { cookie: [] }],
  };
}
