/**
 * The app's own Content-Security-Policy. No inline script or style anywhere: Vite emits external
 * files only, and React sets styles through the CSSOM, which `style-src 'self'` does not block.
 * Workers (the PDF viewer, the service worker) fall back to `script-src 'self'`.
 */
export const appContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
].join('; ');
