export { wrapContexts } from './wrap-contexts.js';
export { parseKdf, serializeKdf } from './kdf-params.js';
