// The Content-Security-Policy of every response. Pages get a fresh nonce per request: Next reads
// it from the request's CSP header and puts it on its own scripts, and 'strict-dynamic' lets those
// load the rest of the bundle, so no inline script without the nonce ever runs — a label value
// like `<img src=x onerror=…>` that somehow reached the HTML could not execute.

import staticHeaders from './static-security-headers.json';

/** A nonce for one response: 128 random bits, base64. */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export function pageCsp(nonce: string, { dev = false } = {}): string {
  return [
    "default-src 'self'",
    // React's dev build evaluates code for its error overlay; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Style attributes (bar widths) are rendered on the server and cannot carry a nonce; styles
    // cannot run code, so allowing inline ones costs little.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    // The SSE stream and API calls are same-origin; dev's hot reload uses a websocket.
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** JSON and event streams are never documents: nothing may load from or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * The headers every response carries, pages, APIs and static files alike. They live in a JSON
 * file so next.config.js (plain CommonJS, read before any TypeScript) and the proxy share them:
 * nosniff, no-referrer, X-Frame-Options DENY (for browsers that predate frame-ancestors), COOP,
 * and a Permissions-Policy that turns off camera, microphone, geolocation and payment.
 */
export const STATIC_SECURITY_HEADERS: Array<{ key: string; value: string }> = staticHeaders;

/**
 * Strict-Transport-Security, only when the dashboard is served over https: its public URL
 * (NEXTAUTH_URL) says so, or this request came over TLS. A year, with subdomains, as is usual
 * for an internal tool on a company domain; over plain http browsers ignore the header anyway,
 * and sending it from a development server on localhost would pin localhost to https.
 */
export function strictTransportSecurity(publicUrl: string | undefined, requestProtocol: string): string | null {
  let publicHttps = false;
  try {
    publicHttps = publicUrl !== undefined && new URL(publicUrl).protocol === 'https:';
  } catch {
    // not a URL: the env check at start refuses it
  }
  return publicHttps || requestProtocol === 'https:' ? 'max-age=31536000; includeSubDomains' : null;
}
