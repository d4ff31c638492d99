export { buildHttpApp, type HttpAppOptions } from './app.js';
export type { HttpOptions, HttpServices } from './http-services.js';
export { renderOpenApi } from './openapi.js';
