// Who is asking. Every Kubernetes and EKS call made for a request acts as this user (by
// impersonation, or in token mode with the user's own ID token), so authorization is the
// cluster's own RBAC, never the app's rights.
//
//   oidc          signed in through the OpenID Connect provider (next-auth); user and groups from
//                 the ID token's claims as kube-apiserver reads them (oidc-identity.ts)
//   sandbox-demo  the embedded sandbox with no OIDC configured: a local demo operator, shown on
//                 screen, so `npm start` stays zero-config; only once the API server behind
//                 NODELANES_SANDBOX_KUBECONFIG has proved it is that sandbox (sandbox-proof.ts),
//                 else nobody is signed in
//   off           NODELANES_AUTH=off, set explicitly: requests act with the kubeconfig's own
//                 identity (no impersonation), with a warning in the log and a banner on every page
//
// The session is next-auth's encrypted JWT cookie, so any replica with the same NEXTAUTH_SECRET can
// serve any user. It ends (session/lifetime.ts) at NODELANES_SESSION_MAX_HOURS after sign-in
// whatever the cookie's own expiry says, when the IdP no longer vouches for the identity at a
// re-check (session/renew.ts, run by the proxy), and at sign-out on every replica
// (session/revocations.ts): the only server-side state is that list of sign-outs.

import { NextRequest } from 'next/server';
import type { Account, AuthOptions } from 'next-auth';
import { randomBytes } from 'node:crypto';
import { getToken, type JWT } from 'next-auth/jwt';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { sameOriginPath } from './callback-url';
import { authModeOf, readServerEnv, type ServerEnv } from './env';
import { checkedIdentity, identityOfClaims, type ClaimMapping, type RefusalCode } from '@/lib/domain/oidc-identity';
import { recheckAtFor, sessionPolicyOf, sessionState } from './session/lifetime';
import { revocationStore, type RevocationStore } from './session/revocations';
import { sandboxIsProven } from './sandbox-proof';
import { AppError } from './errors';
import type { Identity } from './k8s/impersonation';

import type { AuthMode } from '@/lib/domain/auth-mode';

export type { AuthMode };

export interface SessionUser {
  /** The Kubernetes user name impersonated for this user's requests. */
  name: string;
  groups: string[];
  email?: string;
  source: AuthMode;
}

/** The demo operator of the sandbox: bound to the `operators` group the sandbox's RBAC knows. */
export const SANDBOX_DEMO_USER: SessionUser = Object.freeze({
  name: 'demo-operator',
  groups: ['operators'],
  source: 'sandbox-demo',
}) as SessionUser;

/** What `off` mode acts as: the server's own kubeconfig credentials, without impersonation. */
const OFF_USER_NAME = 'kubeconfig identity';

/** The provider id in next-auth's URLs: /api/auth/signin/oidc, /api/auth/callback/oidc. */
export const OIDC_PROVIDER_ID = 'oidc';

/**
 * How long an unused session cookie lives: next-auth moves this forward on every read, so it is an
 * idle limit only; the absolute one is NODELANES_SESSION_MAX_HOURS (session/lifetime.ts).
 */
const SESSION_IDLE_S = 8 * 60 * 60;

export function authMode(env: ServerEnv = readServerEnv()): AuthMode {
  return authModeOf(env);
}

/**
 * Token mode: each session user's ID token, kept beside the object rather than in it, so that no
 * serialisation of a SessionUser (a page's props, a log line, JSON) can carry the credential.
 */
const idTokens = new WeakMap<SessionUser, string>();

/**
 * The identity a request acts as for the Kubernetes API: `null` means the app's own credentials
 * (only ever with NODELANES_AUTH=off). In token mode (NODELANES_IDENTITY=token) it carries the
 * user's ID token; a session without one (signed in before token mode, or not through OIDC)
 * cannot act at all and must sign in again (401).
 */
export function impersonationOf(user: SessionUser, env: ServerEnv = readServerEnv()): Identity | null {
  if (user.source === 'off') return null;
  if (env.NODELANES_IDENTITY === 'token') {
    const bearerToken = idTokens.get(user);
    if (!bearerToken) throw new AppError(401, 'session_expired', 'Your session holds no sign-in the cluster can check. Sign in again.');
    return { user: user.name, groups: user.groups, bearerToken };
  }
  return { user: user.name, groups: user.groups };
}

/**
 * Whether the sign-in page sends a signed-in visitor straight back. Not in token mode: there a
 * session can stand while the cluster refuses its ID token (401 token_expired), and the page that
 * sent the person to sign in again would get them back unchanged, over and over.
 */
export function signInPageSendsBack(user: SessionUser | null, env: ServerEnv = readServerEnv()): boolean {
  return user !== null && env.NODELANES_IDENTITY !== 'token';
}

/** The signed-in user of a request, or null when nobody is signed in (the route answers 401). */
export async function currentUser(request: Request): Promise<SessionUser | null> {
  const env = readServerEnv();
  const mode = authModeOf(env);
  if (mode === 'off') return { name: OFF_USER_NAME, groups: [], source: 'off' };
  if (mode === 'sandbox-demo') {
    if (!(await sandboxIsProven(env.NODELANES_SANDBOX_KUBECONFIG, env.NODELANES_SANDBOX_NONCE))) return null;
    return { ...SANDBOX_DEMO_USER, groups: [...SANDBOX_DEMO_USER.groups] };
  }
  if (!env.NEXTAUTH_SECRET) return null;
  // getToken reads `req.cookies` (a NextRequest has them parsed) and also accepts the same
  // encrypted token as a Bearer header, which only this server can mint. The NextRequest is
  // built from the URL and headers only: built from the request itself, it would take over the
  // body stream and leave the route unable to read it.
  const req = request instanceof NextRequest ? request : new NextRequest(request.url, { headers: request.headers });
  const token = await getToken({ req, secret: env.NEXTAUTH_SECRET, logger: quietLogger });
  return token ? sessionUserOf(token, env) : null;
}

/**
 * The user of a session token if the session still stands: within its absolute lifetime, re-checked
 * at the IdP when due (or within the grace while the IdP does not answer), not signed out on any
 * replica, and with names the claim rules take.
 */
export async function sessionUserOf(
  token: JWT,
  env: ServerEnv,
  deps: { now?: () => number; revocations?: RevocationStore } = {},
): Promise<SessionUser | null> {
  const state = sessionState(token, (deps.now ?? Date.now)(), sessionPolicyOf(env));
  if (state.state === 'ended') return null;
  const user = userOfToken(token);
  if (!user) return null;
  if (await (deps.revocations ?? revocationStore(env)).isRevoked(token.sid as string)) return null;
  return user;
}

/** A new session's id: names it in the sign-out list, never used for anything else. */
function newSessionId(): string {
  return randomBytes(18).toString('base64url');
}

/** For server components, which see the request's headers but not a Request. */
export async function currentUserFromHeaders(headers: Headers): Promise<SessionUser | null> {
  return currentUser(new Request('http://nodelanes.invalid/', { headers }));
}

/**
 * The session token's user, or null when it lacks a Kubernetes user name (a token of another
 * app) or holds a name the claim rules refuse: checked on every request, so a session minted
 * before a rule existed (a group ' system:masters' from an older release) stops working at once.
 */
export function userOfToken(token: JWT): SessionUser | null {
  const identity = checkedIdentity(token.k8sUser, token.groups ?? []);
  if (!identity.ok) return null;
  const user: SessionUser = {
    name: identity.user,
    groups: identity.groups,
    email: typeof token.email === 'string' ? token.email : undefined,
    source: 'oidc',
  };
  if (typeof token.idToken === 'string' && token.idToken) idTokens.set(user, token.idToken);
  return user;
}

/** How this server reads ID token claims: the variables named after kube-apiserver's flags. */
export function claimMappingOf(env: ServerEnv): ClaimMapping {
  return {
    issuer: env.NODELANES_OIDC_ISSUER ?? '',
    usernameClaim: env.NODELANES_OIDC_USERNAME_CLAIM,
    usernamePrefix: env.NODELANES_OIDC_USERNAME_PREFIX,
    groupsClaim: env.NODELANES_OIDC_GROUPS_CLAIM,
    groupsPrefix: env.NODELANES_OIDC_GROUPS_PREFIX,
  };
}

/** Where a refused sign-in lands: the sign-in page, told why by a code it has words for. */
export function refusedSignInUrl(env: ServerEnv, code: RefusalCode): string {
  return `${(env.NEXTAUTH_URL ?? '').replace(/\/+$/, '')}/signin?error=AccessDenied&reason=${code}`;
}

const quietLogger = {
  error: () => {},
  warn: () => {},
  debug: () => {},
} as unknown as Console;

interface OidcProfile extends Record<string, unknown> {
  sub: string;
  email?: string;
  name?: string;
  preferred_username?: string;
  groups?: unknown;
}

/** The OpenID Connect provider as next-auth reaches it: the issuer's endpoints, this app's client. */
function oidcProvider(env: ServerEnv): OAuthConfig<OidcProfile> {
  const issuer = (env.NODELANES_OIDC_ISSUER ?? '').replace(/\/+$/, '');
  return {
    id: OIDC_PROVIDER_ID,
    name: 'OpenID Connect',
    type: 'oauth',
    // Endpoints and keys come from the issuer's discovery document.
    wellKnown: `${issuer}/.well-known/openid-configuration`,
    clientId: env.NODELANES_OIDC_CLIENT_ID,
    clientSecret: env.NODELANES_OIDC_CLIENT_SECRET,
    authorization: { params: { scope: env.NODELANES_OIDC_SCOPES } },
    // The profile is the verified ID token's claims, which is where EKS reads groups from too.
    idToken: true,
    checks: ['pkce', 'state', 'nonce'],
    profile(profile) {
      return { id: profile.sub, name: profile.name ?? profile.preferred_username ?? profile.sub, email: profile.email ?? null };
    },
  };
}

/** next-auth's configuration, from the environment (assertServerEnv has checked it at start). */
export function authOptions(env: ServerEnv = readServerEnv()): AuthOptions {
  return {
    providers: [oidcProvider(env)],
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: Math.min(SESSION_IDLE_S, Math.floor(sessionPolicyOf(env).maxAgeMs / 1000)) },
    pages: { signIn: '/signin', error: '/signin' },
    callbacks: {
      async jwt({ token, profile, account }) {
        // `profile` is only there on sign-in: the claims are copied into the encrypted session
        // token then, and afterwards only a re-check at the IdP replaces them (session/renew.ts);
        // every read checks them again (userOfToken) and the session's clocks (session/lifetime.ts).
        if (profile) startSession(token, profile as unknown as Record<string, unknown>, account, env);
        return token;
      },
      async signIn({ profile }) {
        // Claims the cluster would not take, or names that would be altered on the way to it,
        // are refused here, with the reason in the log and on the sign-in page, rather than
        // signing in a user every request would then reject.
        if (!profile) return false;
        const identity = identityOfClaims(profile as unknown as Record<string, unknown>, claimMappingOf(env));
        if (identity.ok) return true;
        console.warn(`[auth] sign-in refused (${identity.code}): ${identity.reason}`);
        return refusedSignInUrl(env, identity.code);
      },
      async redirect({ url, baseUrl }) {
        // Only ever back into this app: a callbackUrl naming another origin is an open redirect.
        return `${baseUrl}${sameOriginPath(url, baseUrl)}`;
      },
    },
    events: {
      async signOut({ token }) {
        // The cookie this browser held is cleared by next-auth; copies of it end here, on every
        // replica sharing the list. A sign-out that cannot be written is logged, not hidden.
        if (!token || typeof token.sid !== 'string') return;
        await recordSignOut(token, token.sid, env);
      },
    },
    logger: {
      error: (code, metadata) => console.error(`[auth] ${code}`, metadata instanceof Error ? metadata.message : ''),
      warn: (code) => console.warn(`[auth] ${code}`),
      debug: () => {},
    },
  };
}

/** A sign-in: the session token takes the user's claims, a new session id and its clocks. */
function startSession(token: JWT, claims: Record<string, unknown>, account: Account | null | undefined, env: ServerEnv): void {
  const identity = identityOfClaims(claims, claimMappingOf(env));
  token.k8sUser = identity.ok ? identity.user : null;
  token.groups = identity.ok ? identity.groups : [];
  // An address the IdP has not verified is anyone's to claim: not shown as the user's.
  if (typeof claims.email === 'string' && claims.email_verified === true) token.email = claims.email;
  else delete token.email;
  const now = Date.now();
  const refreshToken = typeof account?.refresh_token === 'string' && account.refresh_token ? account.refresh_token : undefined;
  token.sid = newSessionId();
  token.signedInAt = now;
  token.recheckAt = recheckAtFor(now, claims.exp, Boolean(refreshToken), now, sessionPolicyOf(env));
  if (refreshToken) token.refreshToken = refreshToken;
  else delete token.refreshToken;
  // Token mode sends it to the cluster as the user's credential (the cookie is encrypted);
  // otherwise the session does not carry a credential it never uses.
  if (env.NODELANES_IDENTITY === 'token' && typeof account?.id_token === 'string' && account.id_token) token.idToken = account.id_token;
  else delete token.idToken;
}

/** A sign-out, on the list every replica reads, until the session would have ended anyway. */
async function recordSignOut(token: JWT, sid: string, env: ServerEnv): Promise<void> {
  const until = (typeof token.signedInAt === 'number' ? token.signedInAt : Date.now()) + sessionPolicyOf(env).maxAgeMs;
  try {
    await revocationStore(env).revoke(sid, until);
  } catch (err) {
    console.error(`[auth] sign-out of ${String(token.k8sUser)} not recorded; copies of the cookie work until ${new Date(until).toISOString()}: ${(err as Error).message}`);
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    /** The Kubernetes user name this session impersonates. */
    k8sUser?: string | null;
    groups?: string[];
    /** This session's id: what the sign-out list names. */
    sid?: string;
    /** When the person signed in (ms): the absolute lifetime counts from here. */
    signedInAt?: number;
    /** When the identity must be read again from the IdP (ms). */
    recheckAt?: number;
    /** The IdP's refresh token, for that re-check; absent when the IdP gave none. */
    refreshToken?: string;
    /** The latest ID token (sign-in or re-check): token mode's bearer token for the user's calls. */
    idToken?: string;
  }
}
