// kube-apiserver's OIDC authenticator, for a sandbox told to trust an identity provider
// (SANDBOX_OIDC_ISSUER and friends, named after the apiserver's --oidc-* flags): an ID token sent
// as the bearer token is verified against the issuer's published keys (signature, `iss`, `aud`
// = the client id, `exp`) and read as the apiserver reads it. This is what the dashboard's token
// mode relies on in a real cluster (an EKS OIDC identity provider association), so the sandbox can
// be the cluster of a token-mode dashboard too.
//
// Read as the apiserver does, not as the dashboard does: user claim (default `email`, then
// `email_verified` must not be false), prefix (`<issuer>#` for any claim but email, unless set;
// `-` for none), groups claim (a string or a list of strings) with its prefix. The dashboard's
// stricter name rules live in lib/domain/oidc-identity.ts and are not applied here.
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { groupsOfClaim, usernamePrefixOf } from '@/lib/domain/oidc-identity';
import { AUTHENTICATED, type UserInfo } from '../rbac/authorizer';

export interface OidcTrust {
  issuer: string;
  clientId: string;
  usernameClaim: string;
  /** Unset: the apiserver's default for the claim. */
  usernamePrefix?: string;
  groupsClaim: string;
  groupsPrefix: string;
}

/** The apiserver's flags as environment variables; undefined when no issuer is set. */
export function oidcTrustFromEnv(env: Record<string, string | undefined>): OidcTrust | undefined {
  const issuer = env.SANDBOX_OIDC_ISSUER;
  if (!issuer) return undefined;
  return {
    issuer,
    clientId: env.SANDBOX_OIDC_CLIENT_ID ?? '',
    usernameClaim: env.SANDBOX_OIDC_USERNAME_CLAIM || 'email',
    usernamePrefix: env.SANDBOX_OIDC_USERNAME_PREFIX || undefined,
    groupsClaim: env.SANDBOX_OIDC_GROUPS_CLAIM || 'groups',
    groupsPrefix: env.SANDBOX_OIDC_GROUPS_PREFIX ?? '',
  };
}

/** Whether a bearer token is a JWT naming this issuer (so this authenticator must answer for it). */
export function claimsIssuer(token: string, trust: OidcTrust): boolean {
  try {
    return decodeJwt(token).iss === trust.issuer;
  } catch {
    return false;
  }
}

export type OidcVerifier = (token: string) => Promise<UserInfo | null>;

/** Verifies ID tokens of one issuer; null for a token the apiserver would answer 401 for. */
export function oidcVerifier(trust: OidcTrust, fetchImpl: typeof fetch = fetch): OidcVerifier {
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;
  const keySet = async () => {
    if (keys) return keys;
    const discovery = (await (await fetchImpl(`${trust.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`)).json()) as { jwks_uri?: string };
    if (!discovery.jwks_uri) throw new Error('the issuer publishes no jwks_uri');
    keys = createRemoteJWKSet(new URL(discovery.jwks_uri));
    return keys;
  };
  return async (token) => {
    let claims: Record<string, unknown>;
    try {
      claims = (await jwtVerify(token, await keySet(), { issuer: trust.issuer, audience: trust.clientId })).payload;
    } catch {
      return null;
    }
    return userOfClaims(claims, trust);
  };
}

/** The apiserver's reading of verified claims, or null where it refuses the token. */
export function userOfClaims(claims: Record<string, unknown>, trust: OidcTrust): UserInfo | null {
  const name = claims[trust.usernameClaim];
  if (typeof name !== 'string' || name === '') return null;
  if (trust.usernameClaim === 'email' && claims.email_verified !== undefined && claims.email_verified !== true) return null;
  const groups = groupsOfClaim(claims[trust.groupsClaim]);
  if (!groups) return null;
  return {
    name: usernamePrefixOf(trust) + name,
    groups: [...groups.map((g) => trust.groupsPrefix + g), AUTHENTICATED],
  };
}
