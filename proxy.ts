// Runs before every page and API route (Next 16's proxy, formerly middleware). Two jobs that must
// hold for every response, so they live here rather than in each page:
//   - security headers, with a fresh CSP nonce per page request (and HSTS when served over https);
//   - in OIDC mode, pages require a session: no session → the sign-in page. APIs are not
//     redirected (a fetch wants JSON): the route wrapper answers them 401.
import { NextResponse, type NextRequest } from 'next/server';
import { authMode, currentUser } from '@/lib/server/auth';
import { readServerEnv } from '@/lib/server/env';
import { API_CSP, STATIC_SECURITY_HEADERS, makeNonce, pageCsp, strictTransportSecurity } from '@/lib/server/security-headers';

/** Pages anyone may see: signing in must be possible without a session. */
const PUBLIC_PAGES = ['/signin'];

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (pathname.startsWith('/api/')) return withHeaders(request, NextResponse.next(), API_CSP);

  if (!PUBLIC_PAGES.includes(pathname) && authMode() === 'oidc' && !(await currentUser(request))) {
    const target = new URL('/signin', request.url);
    target.searchParams.set('callbackUrl', `${pathname}${search}`);
    return withHeaders(request, NextResponse.redirect(target), API_CSP);
  }

  const nonce = makeNonce();
  const csp = pageCsp(nonce, { dev: process.env.NODE_ENV === 'development' });
  // Next takes the nonce for its own scripts from the request's CSP header.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('Content-Security-Policy', csp);
  requestHeaders.set('x-nonce', nonce);
  return withHeaders(request, NextResponse.next({ request: { headers: requestHeaders } }), csp);
}

function withHeaders(request: NextRequest, response: NextResponse, csp: string): NextResponse {
  response.headers.set('Content-Security-Policy', csp);
  for (const { key, value } of STATIC_SECURITY_HEADERS) response.headers.set(key, value);
  const hsts = strictTransportSecurity(readServerEnv().NEXTAUTH_URL, request.nextUrl.protocol);
  if (hsts) response.headers.set('Strict-Transport-Security', hsts);
  return response;
}

export const config = {
  matcher: [
    // Built assets are immutable files: next.config.js gives them the static headers.
    '/((?!_next/static|_next/image|favicon.ico).*)',
  ],
};
