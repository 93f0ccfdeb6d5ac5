// Which API answers Next compresses. Next's `compress` middleware (on by default) gzips a response
// whose Content-Type it finds compressible, but a route handler's headers reach Node as arrays
// (Next appends them), and the middleware reads `['application/json']` as not compressible: every
// route's JSON went out uncompressed (GET topology: 11.5 MB at 30,000 pods). A header the proxy sets
// reaches Node as a plain string first and the route's own is then not appended, so for the large
// JSON answers the proxy names their type up front. Only GETs whose answer is always JSON (errors
// are JSON too): not the SSE stream (text/event-stream) nor the review's CSV.

const JSON_ANSWERS = [/^\/api\/clusters\/[^/]+\/topology$/, /^\/api\/clusters\/[^/]+\/topology\/usage$/, /^\/api\/clusters\/[^/]+\/review$/];

export function answersJson(method: string, pathname: string, searchParams: URLSearchParams): boolean {
  if (method !== 'GET') return false;
  if (!JSON_ANSWERS.some((re) => re.test(pathname))) return false;
  return !searchParams.has('format') || searchParams.get('format') === 'json';
}
