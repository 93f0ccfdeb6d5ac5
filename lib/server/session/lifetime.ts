// How long a session may live, from the session token alone. next-auth slides the cookie's expiry
// forward on every read, so the cookie's own date proves nothing about when the person signed in;
// the sign-in time travels inside the encrypted token and is compared here on every request.
//
// Two clocks end a session:
//   absolute   signedInAt + NODELANES_SESSION_MAX_HOURS: nothing extends it, a refresh neither;
//   recheck    the groups are only as good as the ID token they came from. With a refresh token
//              the server asks the IdP again at the ID token's expiry or every
//              NODELANES_SESSION_REFRESH_MINUTES, whichever is first (session/renew.ts); without
//              one the session ends when the ID token does.

import type { ServerEnv } from '../env';

export interface SessionPolicy {
  maxAgeMs: number;
  refreshMs: number;
  /**
   * How long past its re-check a session with a refresh token is still served while the IdP does
   * not answer: a blip at the IdP should not sign everyone out, a long outage must.
   */
  graceMs: number;
}

/** The fields of the session token this module reads (all set at sign-in, session/claims.ts). */
export interface SessionClock {
  sid?: unknown;
  signedInAt?: unknown;
  recheckAt?: unknown;
  refreshToken?: unknown;
}

export type SessionState =
  | { state: 'valid' }
  | { state: 'refresh-due' }
  | { state: 'ended'; reason: 'no-lifetime' | 'expired' | 'id-token-expired' | 'not-rechecked' };

export const RECHECK_GRACE_MS = 5 * 60_000;

export function sessionPolicyOf(env: Pick<ServerEnv, 'NODELANES_SESSION_MAX_HOURS' | 'NODELANES_SESSION_REFRESH_MINUTES'>): SessionPolicy {
  return {
    maxAgeMs: env.NODELANES_SESSION_MAX_HOURS * 3_600_000,
    refreshMs: env.NODELANES_SESSION_REFRESH_MINUTES * 60_000,
    graceMs: RECHECK_GRACE_MS,
  };
}

/** Where a session stands at `now`: a token lacking the clock fields comes from an older release and has none. */
export function sessionState(token: SessionClock, now: number, policy: SessionPolicy): SessionState {
  const { sid, signedInAt, recheckAt } = token;
  if (typeof sid !== 'string' || !sid || typeof signedInAt !== 'number' || typeof recheckAt !== 'number') return { state: 'ended', reason: 'no-lifetime' };
  // A sign-in time in the future is as untrustworthy as a missing one.
  if (signedInAt > now + 60_000 || now >= signedInAt + policy.maxAgeMs) return { state: 'ended', reason: 'expired' };
  if (now < recheckAt) return { state: 'valid' };
  if (typeof token.refreshToken !== 'string' || !token.refreshToken) return { state: 'ended', reason: 'id-token-expired' };
  return now < recheckAt + policy.graceMs ? { state: 'refresh-due' } : { state: 'ended', reason: 'not-rechecked' };
}

/**
 * When the claims just read must be read again: at the ID token's expiry (`exp`, seconds), and
 * with a refresh token at most `refreshMs` from now. Never past the absolute end.
 */
export function recheckAtFor(now: number, idTokenExp: unknown, hasRefreshToken: boolean, signedInAt: number, policy: SessionPolicy): number {
  const end = signedInAt + policy.maxAgeMs;
  const expiry = typeof idTokenExp === 'number' && Number.isFinite(idTokenExp) ? idTokenExp * 1000 : now + policy.refreshMs;
  return Math.min(end, hasRefreshToken ? Math.min(expiry, now + policy.refreshMs) : expiry);
}

/** Seconds the session cookie may still live: until the absolute end, never more. */
export function remainingSeconds(token: SessionClock, now: number, policy: SessionPolicy): number {
  if (typeof token.signedInAt !== 'number') return 0;
  return Math.max(0, Math.floor((token.signedInAt + policy.maxAgeMs - now) / 1000));
}
