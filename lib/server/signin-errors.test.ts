import { describe, expect, it } from 'vitest';
import { signInErrorMessage } from './signin-errors';

describe('signInErrorMessage', () => {
  it('says why an identity was refused, by the reason code alone', () => {
    expect(signInErrorMessage('AccessDenied', 'group_reserved')).toContain('One of your groups is under "system:"');
    expect(signInErrorMessage('AccessDenied', 'email_unverified')).toContain('email_verified must be true');
    expect(signInErrorMessage('AccessDenied', undefined)).toBe('Your identity provider’s answer names no user the cluster can use.');
  });

  it('never shows text from the URL, and knows no inherited keys', () => {
    expect(signInErrorMessage('AccessDenied', 'Your account is locked, call +1 555')).toBe('Your identity provider’s answer names no user the cluster can use.');
    expect(signInErrorMessage('constructor', 'toString')).toBe('Signing in failed. Try again.');
    expect(signInErrorMessage('AccessDenied', '__proto__')).toBe('Your identity provider’s answer names no user the cluster can use.');
    expect(signInErrorMessage(undefined, 'group_reserved')).toBeUndefined();
    expect(signInErrorMessage(['AccessDenied'], undefined)).toBeUndefined();
  });
});
