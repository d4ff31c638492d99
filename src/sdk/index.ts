/**
 * Public entry of the Coffer SDK: a typed client for the REST API that runs in browsers and Node.
 * Types of arguments and results come from the route contracts in src/api.
 */
export { CofferClient } from './client.js';
export { SharingClient } from './sharing-client.js';
export type { CofferClientOptions, DownloadOptions, DownloadResult, UploadOptions } from './client.js';
export { CofferApiError, clientErrorCodes, isCofferApiError } from './errors.js';
export type { BodyIn, ParamsIn, QueryIn, ResultOf, RequestParts } from './contract-types.js';
export type { UploadBody, UploadProgress } from './upload-body.js';
export type { ResumableOptions, ResumableResult, ResumableTarget } from './resumable-upload.js';
export { encodePassphrase, passphraseHeader } from './passphrase.js';
export { browserRequestHeader } from './request.js';
export type { NodeDto, UserDto, VersionDto } from '../api/index.js';
export type SearchHitDto = import('../api/index.js').ResponseOf<import('../api/index.js').Api['search']>['hits'][number];
// The API vocabulary clients need, re-exported so web and CLI code import the SDK and nothing below it.
export { api } from '../api/index.js';
export type { Api } from '../api/index.js';
export { errorCatalogue, isId } from '../domain/index.js';
export type { ErrorCode } from '../domain/index.js';
