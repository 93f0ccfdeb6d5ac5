// What the sign-in page says when signing in failed: next-auth's error codes, and for a refused
// identity (AccessDenied) the reason code auth.ts adds. Only codes travel in the URL, never text,
// so a crafted link cannot make the sign-in page say anything but these sentences.
import type { RefusalCode } from '@/lib/domain/oidc-identity';

const ERRORS: Record<string, string> = {
  OAuthSignin: 'Could not reach the identity provider. Try again, or ask an administrator to check the issuer URL.',
  OAuthCallback: 'The identity provider’s answer could not be verified. Try signing in again.',
  AccessDenied: 'Your identity provider’s answer names no user the cluster can use.',
  SessionRequired: 'Please sign in to continue.',
  Callback: 'Signing in did not complete. Try again.',
};

const ASK = 'Ask the administrator of your identity provider; the dashboard’s log says exactly what was refused.';

const REFUSALS: Record<RefusalCode, string> = {
  username_missing: `Your ID token has no user name claim the dashboard is configured to read. ${ASK}`,
  email_unverified: `Your email address is not verified by the identity provider (email_verified must be true), so it cannot name you to the cluster. ${ASK}`,
  user_reserved: `Your user name is under "system:", which Kubernetes reserves for its own components. ${ASK}`,
  user_invalid: `Your user name has characters the cluster cannot be sent unchanged (whitespace at either end, control or non-ASCII characters), is empty, or is too long. ${ASK}`,
  groups_claim_invalid: `Your groups claim is neither a string nor a list of strings. ${ASK}`,
  group_reserved: `One of your groups is under "system:", which Kubernetes reserves (system:masters is cluster-admin); the dashboard refuses the sign-in rather than drop it. ${ASK}`,
  group_invalid: `One of your group names has characters the cluster cannot be sent unchanged (whitespace at either end, control or non-ASCII characters), is empty, or is too long. ${ASK}`,
};

/** The sentence for `?error=…&reason=…`, or undefined when there is no error. */
export function signInErrorMessage(error: unknown, reason: unknown): string | undefined {
  if (typeof error !== 'string') return undefined;
  if (error === 'AccessDenied' && typeof reason === 'string' && Object.hasOwn(REFUSALS, reason)) return REFUSALS[reason as RefusalCode];
  return Object.hasOwn(ERRORS, error) ? ERRORS[error] : 'Signing in failed. Try again.';
}
