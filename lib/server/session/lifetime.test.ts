import { describe, expect, it } from 'vitest';
import { recheckAtFor, remainingSeconds, sessionPolicyOf, sessionState } from './lifetime';

const H = 3_600_000;
const M = 60_000;
const policy = sessionPolicyOf({ NODELANES_SESSION_MAX_HOURS: 12, NODELANES_SESSION_REFRESH_MINUTES: 15 });
const T0 = Date.UTC(2026, 0, 1, 8);
const session = (fields: Record<string, unknown> = {}) => ({ sid: 's1', signedInAt: T0, recheckAt: T0 + 15 * M, refreshToken: 'r', ...fields });

describe('sessionState', () => {
  it('holds until the re-check, then is due for it within the grace, then ends', () => {
    expect(sessionState(session(), T0 + M, policy)).toEqual({ state: 'valid' });
    expect(sessionState(session(), T0 + 15 * M, policy)).toEqual({ state: 'refresh-due' });
    expect(sessionState(session(), T0 + 20 * M - 1, policy)).toEqual({ state: 'refresh-due' });
    expect(sessionState(session(), T0 + 20 * M, policy)).toEqual({ state: 'ended', reason: 'not-rechecked' });
  });

  it('ends at the absolute lifetime whatever the re-check says', () => {
    const renewed = session({ recheckAt: T0 + 13 * H });
    expect(sessionState(renewed, T0 + 12 * H - 1, policy).state).toBe('valid');
    expect(sessionState(renewed, T0 + 12 * H, policy)).toEqual({ state: 'ended', reason: 'expired' });
  });

  it('without a refresh token ends when the ID token does', () => {
    expect(sessionState(session({ refreshToken: undefined, recheckAt: T0 + H }), T0 + H, policy)).toEqual({ state: 'ended', reason: 'id-token-expired' });
  });

  it('refuses a token without its clocks (an older release) or signed in the future', () => {
    expect(sessionState({}, T0, policy)).toEqual({ state: 'ended', reason: 'no-lifetime' });
    expect(sessionState(session({ sid: '' }), T0, policy).state).toBe('ended');
    expect(sessionState(session({ signedInAt: String(T0) }), T0, policy).state).toBe('ended');
    expect(sessionState(session({ signedInAt: T0 + H }), T0, policy)).toEqual({ state: 'ended', reason: 'expired' });
  });
});

describe('recheckAtFor', () => {
  it('is the ID token expiry, or sooner with a refresh token, and never past the absolute end', () => {
    const exp = (T0 + H) / 1000;
    expect(recheckAtFor(T0, exp, false, T0, policy)).toBe(T0 + H);
    expect(recheckAtFor(T0, exp, true, T0, policy)).toBe(T0 + 15 * M);
    expect(recheckAtFor(T0, (T0 + 5 * M) / 1000, true, T0, policy)).toBe(T0 + 5 * M);
    expect(recheckAtFor(T0 + 11.9 * H, (T0 + 20 * H) / 1000, false, T0, policy)).toBe(T0 + 12 * H);
    expect(recheckAtFor(T0, undefined, false, T0, policy)).toBe(T0 + 15 * M);
  });

  it('remainingSeconds counts to the absolute end', () => {
    expect(remainingSeconds(session(), T0 + 11 * H, policy)).toBe(3600);
    expect(remainingSeconds(session(), T0 + 13 * H, policy)).toBe(0);
  });
});
