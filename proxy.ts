// Runs before every page and API route (Next 16's proxy, formerly middleware). Three jobs that
// must hold for every response, so they live here rather than in each page:
//   - only the host names the server is known by are answered, before any handler runs, reads
//     too: a DNS-rebinding page would otherwise read and act through the browser
//     (lib/server/allowed-hosts.ts);
//   - security headers, with a fresh CSP nonce per page request (and HSTS when served over https);
//   - in OIDC mode, a session due for its re-check at the IdP is renewed (or ended) here, its new
//     cookie given to this request's handler and to the browser (lib/server/session/);
//   - in OIDC mode, pages require a session: no session → the sign-in page. APIs are not
//     redirected (a fetch wants JSON): the route wrapper answers them 401.
import { NextResponse, type NextRequest } from 'next/server';
import { allowedHostNames, hostAllowed } from '@/lib/server/allowed-hosts';
import { authMode, currentUser } from '@/lib/server/auth';
import { answersJson } from '@/lib/server/compressed-answers';
import { readServerEnv, type ServerEnv } from '@/lib/server/env';
import { errorBody } from '@/lib/server/errors';
import { log } from '@/lib/server/log';
import { sessionCookieChange, type SessionCookieChange } from '@/lib/server/session/proxy-session';
import { API_CSP, STATIC_SECURITY_HEADERS, makeNonce, pageCsp, strictTransportSecurity } from '@/lib/server/security-headers';

/** Pages anyone may see: signing in must be possible without a session. */
const PUBLIC_PAGES = ['/signin'];

export async function proxy(request: NextRequest) {
  const env = readServerEnv();
  const { pathname, search } = request.nextUrl;
  const isApi = pathname.startsWith('/api/');
  if (!hostIsAllowed(request, env)) return withHeaders(request, env, hostRefused(isApi), API_CSP);
  const session = await renewedSession(request, env);
  const requestHeaders = new Headers(request.headers);
  if (session) requestHeaders.set('cookie', session.cookieHeader);
  if (isApi) {
    const response = withCookies(NextResponse.next({ request: { headers: requestHeaders } }), session);
    // So that Next's compress middleware gzips them (lib/server/compressed-answers.ts).
    if (answersJson(request.method, pathname, request.nextUrl.searchParams)) response.headers.set('Content-Type', 'application/json');
    return withHeaders(request, env, response, API_CSP);
  }

  if (!PUBLIC_PAGES.includes(pathname) && authMode(env) === 'oidc' && !(await currentUser(new Request(request.url, { headers: requestHeaders })))) {
    const target = new URL('/signin', request.url);
    target.searchParams.set('callbackUrl', `${pathname}${search}`);
    return withHeaders(request, env, withCookies(NextResponse.redirect(target), session), API_CSP);
  }

  const nonce = makeNonce();
  const csp = pageCsp(nonce, { dev: process.env.NODE_ENV === 'development' });
  // Next takes the nonce for its own scripts from the request's CSP header.
  requestHeaders.set('Content-Security-Policy', csp);
  requestHeaders.set('x-nonce', nonce);
  return withHeaders(request, env, withCookies(NextResponse.next({ request: { headers: requestHeaders } }), session), csp);
}

/** A failed renewal leaves the cookie as it is: the route's own check then decides (within its grace, or 401). */
async function renewedSession(request: NextRequest, env: ServerEnv): Promise<SessionCookieChange | null> {
  try {
    return await sessionCookieChange(request, env);
  } catch (err) {
    log('warn', 'session re-check failed', { error: err instanceof Error ? err.message : String(err) });
    return null;
  }
}

function withCookies(response: NextResponse, session: SessionCookieChange | null): NextResponse {
  for (const write of session?.writes ?? []) {
    response.cookies.set(write.name, write.value, { httpOnly: true, sameSite: 'lax', path: '/', secure: write.secure, maxAge: write.maxAge });
  }
  return response;
}

function hostIsAllowed(request: NextRequest, env: ServerEnv): boolean {
  const allowed = allowedHostNames({
    publicUrl: env.NEXTAUTH_URL,
    allowedHosts: env.NODELANES_ALLOWED_HOSTS,
    // Where Next's standalone server listens; read at run time, per request, like the rest of the env.
    listenAddress: process.env['HOSTNAME'],
  });
  return hostAllowed({ pathname: request.nextUrl.pathname, host: request.headers.get('host') }, allowed, {
    metricsTokenSet: Boolean(process.env['NODELANES_METRICS_TOKEN']),
  });
}

/**
 * 421 Misdirected Request: this server is not the one the name belongs to. The Host is not
 * echoed: the page that sent it chose it.
 */
function hostRefused(isApi: boolean): NextResponse {
  const message = 'This server does not answer to this host name. Open the dashboard by its own address (NEXTAUTH_URL or one of NODELANES_ALLOWED_HOSTS).';
  if (isApi) return NextResponse.json(errorBody('host_not_allowed', message), { status: 421 });
  return new NextResponse(`nodelanes: ${message}\n`, { status: 421, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

function withHeaders(request: NextRequest, env: ServerEnv, response: NextResponse, csp: string): NextResponse {
  response.headers.set('Content-Security-Policy', csp);
  for (const { key, value } of STATIC_SECURITY_HEADERS) response.headers.set(key, value);
  const hsts = strictTransportSecurity(env.NEXTAUTH_URL, request.nextUrl.protocol);
  if (hsts) response.headers.set('Strict-Transport-Security', hsts);
  return response;
}

export const config = {
  matcher: [
    // Built assets are immutable files: next.config.js gives them the static headers. They are
    // the same for every visitor and hold no cluster data, so they are served whatever the Host.
    '/((?!_next/static|_next/image|favicon.ico).*)',
  ],
};
