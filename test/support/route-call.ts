// Calls an App Router handler the way Next does, with a same-origin JSON request by default, so
// tests exercise the real wrapper (user, Origin, body, error mapping) without a server.

export const TEST_ORIGIN = 'http://localhost:3000';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export async function callRoute(
  handler: Handler,
  params: Record<string, string>,
  init: { method?: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; path?: string } = {},
): Promise<{ status: number; body: any; headers: Headers }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const method = init.method ?? (init.body !== undefined || init.rawBody !== undefined ? 'POST' : 'GET');
  const headers: Record<string, string> = method === 'GET' ? {} : { origin: TEST_ORIGIN, 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' };
  const request = new Request(`${TEST_ORIGIN}${init.path ?? '/api/test'}`, {
    method,
    headers: { ...headers, ...init.headers },
    body: method === 'GET' ? undefined : (init.rawBody ?? JSON.stringify(init.body ?? {})),
  });
  const response = await handler(request, { params: Promise.resolve(params) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body, headers: response.headers };
}
