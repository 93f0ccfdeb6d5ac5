// The session cookie's re-check, run by the proxy before every page and API request: a session due
// for it is refreshed at the IdP (session/renew.ts) and the new cookie goes both to the browser
// and to the handler of this very request; a session that ended has its cookie cleared.
// next-auth's own routes (/api/auth/*) are left alone: they sign in and out.

import { encode, getToken } from 'next-auth/jwt';
import type { NextRequest } from 'next/server';
import { authModeOf, type ServerEnv } from '../env';
import { log } from '../log';
import { claimMappingOf } from '../auth';
import { sessionCookieName, sessionCookieNamesIn, sessionCookiePieces, withSessionCookies } from './cookie';
import { idpRefresher, type Refresher } from './idp-refresh';
import { remainingSeconds, sessionPolicyOf } from './lifetime';
import { renewOnce } from './renew';

export interface CookieWrite {
  name: string;
  value: string;
  /** Seconds; 0 deletes. */
  maxAge: number;
  secure: boolean;
}

export interface SessionCookieChange {
  /** The Cookie header the handler of this request must see. */
  cookieHeader: string;
  /** What the response sets in the browser. */
  writes: CookieWrite[];
  ended?: string;
}

export async function sessionCookieChange(
  request: NextRequest,
  env: ServerEnv,
  deps: { refresher?: Refresher; now?: () => number } = {},
): Promise<SessionCookieChange | null> {
  if (authModeOf(env) !== 'oidc' || !env.NEXTAUTH_SECRET) return null;
  if (request.nextUrl.pathname.startsWith('/api/auth/')) return null;
  const name = sessionCookieName(env.NEXTAUTH_URL);
  const cookieHeader = request.headers.get('cookie');
  if (!cookieHeader || !sessionCookieNamesIn(cookieHeader, name).length) return null;
  const token = await getToken({ req: request, secret: env.NEXTAUTH_SECRET, cookieName: name, secureCookie: name.startsWith('__Secure-'), logger: quiet });
  if (!token) return null;
  const now = deps.now ?? Date.now;
  const policy = sessionPolicyOf(env);
  const refresher =
    deps.refresher ??
    idpRefresher({ issuer: env.NODELANES_OIDC_ISSUER ?? '', clientId: env.NODELANES_OIDC_CLIENT_ID ?? '', clientSecret: env.NODELANES_OIDC_CLIENT_SECRET ?? '' });
  const renewal = await renewOnce(token, { refresher, mapping: claimMappingOf(env), policy, now });
  const secure = name.startsWith('__Secure-');
  const old = sessionCookieNamesIn(cookieHeader, name);
  if (renewal.outcome === 'kept') return null;
  if (renewal.outcome === 'ended') {
    log('info', 'session ended', { user: typeof token.k8sUser === 'string' ? token.k8sUser : undefined, reason: renewal.reason });
    return { cookieHeader: withSessionCookies(cookieHeader, name, []), writes: old.map((n) => ({ name: n, value: '', maxAge: 0, secure })), ended: renewal.reason };
  }
  const maxAge = remainingSeconds(renewal.token, now(), policy);
  const value = await encode({ token: renewal.token, secret: env.NEXTAUTH_SECRET, maxAge });
  const pieces = sessionCookiePieces(name, value);
  const written = new Set(pieces.map(([n]) => n));
  return {
    cookieHeader: withSessionCookies(cookieHeader, name, pieces),
    writes: [
      ...pieces.map(([n, v]) => ({ name: n, value: v, maxAge, secure })),
      ...old.filter((n) => !written.has(n)).map((n) => ({ name: n, value: '', maxAge: 0, secure })),
    ],
  };
}

const quiet = { error: () => {}, warn: () => {}, debug: () => {} } as unknown as Console;
