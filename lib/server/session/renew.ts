// A session token at its re-check: the IdP is asked again and the identity derived afresh by the
// same claim rules as at sign-in, or the session ends. Groups removed at the IdP therefore leave
// the dashboard at the next re-check, not at the next sign-in.

import type { JWT } from 'next-auth/jwt';
import { identityOfClaims, type ClaimMapping } from '@/lib/domain/oidc-identity';
import type { Refresher } from './idp-refresh';
import { recheckAtFor, sessionState, type SessionPolicy } from './lifetime';
import { processWide } from '../process-wide';

export type Renewal =
  /** Unchanged: not due yet, or due and the IdP did not answer (still inside the grace). */
  | { outcome: 'kept'; token: JWT }
  | { outcome: 'renewed'; token: JWT }
  | { outcome: 'ended'; reason: string };

export async function renewSession(token: JWT, deps: { refresher: Refresher; mapping: ClaimMapping; policy: SessionPolicy; now: () => number }): Promise<Renewal> {
  const state = sessionState(token, deps.now(), deps.policy);
  if (state.state === 'ended') return { outcome: 'ended', reason: state.reason };
  if (state.state === 'valid') return { outcome: 'kept', token };
  const result = await deps.refresher(token.refreshToken as string);
  if (!result.ok) return result.transient ? { outcome: 'kept', token } : { outcome: 'ended', reason: result.reason };
  // The same person or nobody (OIDC Core 12.2): a refresh answering for another subject ends it.
  if (typeof token.sub === 'string' && result.claims.sub !== token.sub) return { outcome: 'ended', reason: 'the refreshed ID token names another subject' };
  const identity = identityOfClaims(result.claims, deps.mapping);
  if (!identity.ok) return { outcome: 'ended', reason: `${identity.code}: ${identity.reason}` };
  const now = deps.now();
  const refreshToken = result.refreshToken ?? (token.refreshToken as string);
  return {
    outcome: 'renewed',
    token: {
      ...token,
      k8sUser: identity.user,
      groups: identity.groups,
      refreshToken,
      // Token mode sends this one to the cluster from now on (a session that keeps none gets none).
      ...(typeof token.idToken === 'string' ? { idToken: result.idToken } : {}),
      recheckAt: recheckAtFor(now, result.claims.exp, true, token.signedInAt as number, deps.policy),
    },
  };
}

/**
 * One refresh per session at a time in this process: a page opens several requests at once, and
 * an IdP that rotates refresh tokens would refuse every one but the first.
 */
const inFlight = processWide('session-renewals', () => new Map<string, Promise<Renewal>>());

export function renewOnce(token: JWT, deps: Parameters<typeof renewSession>[1]): Promise<Renewal> {
  const key = typeof token.sid === 'string' ? token.sid : '';
  if (!key) return renewSession(token, deps);
  let running = inFlight.get(key);
  if (!running) {
    running = renewSession(token, deps).finally(() => inFlight.delete(key));
    inFlight.set(key, running);
  }
  return running;
}
