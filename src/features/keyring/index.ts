export { wrapContexts } from './wrap-contexts.js';
