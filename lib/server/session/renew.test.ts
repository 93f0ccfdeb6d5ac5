import { describe, expect, it } from 'vitest';
import type { RefreshResult } from './idp-refresh';
import { sessionPolicyOf } from './lifetime';
import { renewOnce, renewSession } from './renew';

const M = 60_000;
const T0 = Date.UTC(2026, 0, 1, 8);
const policy = sessionPolicyOf({ NODELANES_SESSION_MAX_HOURS: 12, NODELANES_SESSION_REFRESH_MINUTES: 15 });
const mapping = { issuer: 'https://idp.example', usernameClaim: 'email', groupsClaim: 'groups', groupsPrefix: '' };
const token = { sub: 'u1', sid: 's1', signedInAt: T0, recheckAt: T0 + 15 * M, refreshToken: 'r1', k8sUser: 'vera@example.test', groups: ['viewers'] };
const claims = (extra: Record<string, unknown> = {}) => ({ sub: 'u1', email: 'vera@example.test', email_verified: true, groups: ['viewers'], exp: (T0 + 76 * M) / 1000, ...extra });
const deps = (result: RefreshResult, at = T0 + 16 * M) => ({ refresher: async () => result, mapping, policy, now: () => at });

describe('renewSession', () => {
  it('leaves a session that is not due alone, without asking the IdP', async () => {
    let asked = 0;
    const renewal = await renewSession(token, { mapping, policy, now: () => T0 + M, refresher: async () => (asked++, { ok: true, idToken: 'id2', claims: claims() }) });
    expect(renewal).toEqual({ outcome: 'kept', token });
    expect(asked).toBe(0);
  });

  it('takes the groups the IdP says now, the rotated refresh token, and in token mode the new ID token', async () => {
    const renewal = await renewSession(token, deps({ ok: true, idToken: 'id2', claims: claims({ groups: ['operators'] }), refreshToken: 'r2' }));
    expect(renewal).toMatchObject({ outcome: 'renewed', token: { k8sUser: 'vera@example.test', groups: ['operators'], refreshToken: 'r2', recheckAt: T0 + 31 * M, signedInAt: T0, sid: 's1' } });
    expect((renewal as { token: { idToken?: string } }).token.idToken).toBeUndefined();
    // A token-mode session (it keeps its ID token) takes the new one.
    const tokenMode = await renewSession({ ...token, idToken: 'id1' }, deps({ ok: true, idToken: 'id2', claims: claims({ groups: ['operators'] }), refreshToken: 'r2' }));
    expect(tokenMode).toMatchObject({ outcome: 'renewed', token: { idToken: 'id2', groups: ['operators'] } });
  });

  it('ends the session when the IdP refuses, the new identity is refused, or the subject changed', async () => {
    expect(await renewSession(token, deps({ ok: false, transient: false, reason: 'the identity provider refused the refresh (invalid_grant)' }))).toEqual({
      outcome: 'ended',
      reason: 'the identity provider refused the refresh (invalid_grant)',
    });
    expect(await renewSession(token, deps({ ok: true, idToken: 'id2', claims: claims({ groups: [' system:masters'] }) }))).toMatchObject({ outcome: 'ended', reason: expect.stringContaining('group_reserved') });
    expect(await renewSession(token, deps({ ok: true, idToken: 'id2', claims: claims({ email_verified: false }) }))).toMatchObject({ outcome: 'ended' });
    expect(await renewSession(token, deps({ ok: true, idToken: 'id2', claims: claims({ sub: 'u2' }) }))).toEqual({ outcome: 'ended', reason: 'the refreshed ID token names another subject' });
  });

  it('keeps the session through an IdP outage within the grace, and ends it after', async () => {
    expect(await renewSession(token, deps({ ok: false, transient: true, reason: 'down' }))).toEqual({ outcome: 'kept', token });
    expect(await renewSession(token, deps({ ok: false, transient: true, reason: 'down' }, T0 + 21 * M))).toEqual({ outcome: 'ended', reason: 'not-rechecked' });
  });

  it('asks the IdP once for requests arriving together', async () => {
    let asked = 0;
    const refresher = async () => {
      asked++;
      await new Promise((r) => setTimeout(r, 10));
      return { ok: true as const, idToken: 'id2', claims: claims() };
    };
    const d = { refresher, mapping, policy, now: () => T0 + 16 * M };
    const [a, b] = await Promise.all([renewOnce(token, d), renewOnce(token, d)]);
    expect(asked).toBe(1);
    expect(a).toBe(b);
  });
});
