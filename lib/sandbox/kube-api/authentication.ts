// Who a request comes from, before impersonation. The sandbox's own credentials (and a request
// with no token, which is every kubectl request over http: client-go sends a bearer token only
// over TLS) are its administrator. A ServiceAccount token from TokenRequest is that account; an
// EKS token (`aws eks get-token`: a presigned STS GetCallerIdentity URL) is the IAM principal
// that signed it, mapped as EKS maps the cluster's creator. An ID token of the identity provider the
// sandbox is told to trust is its user (oidc-authenticator.ts). Any other token is refused with
// 401, as the apiserver refuses a token no authenticator accepts.
import type http from 'node:http';
import { ApiError } from '../errors';
import type { Store } from '../store';
import { ACCOUNT } from '../eks/cluster';
import { AUTHENTICATED, MASTERS, type UserInfo } from '../rbac/authorizer';
import type { ServiceAccountTokens } from './service-account-tokens';
import { claimsIssuer, type OidcTrust, type OidcVerifier } from './oidc-authenticator';

/** The sandbox's own credentials: the kubeconfig's user, an administrator like a cluster creator. */
export const ADMIN: UserInfo = { name: 'sandbox-admin', groups: [MASTERS, AUTHENTICATED] };
/** The bearer token of the kubeconfig the sandbox writes: its administrator's. */
export const ADMIN_TOKEN = 'sandbox-admin-token';

const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';
/** aws-iam-authenticator refuses a presigned URL older than this. */
const EKS_TOKEN_LIFETIME_MS = 15 * 60_000;

export const unauthorized = () => new ApiError(401, 'Unauthorized', 'Unauthorized');

export async function authenticate(
  req: http.IncomingMessage,
  store: Store,
  tokens: ServiceAccountTokens,
  oidc?: { trust: OidcTrust; verify: OidcVerifier },
): Promise<UserInfo> {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) return ADMIN;
  const token = match[1];
  if (token === ADMIN_TOKEN) return ADMIN;
  if (token.startsWith(EKS_TOKEN_PREFIX)) return eksUser(token.slice(EKS_TOKEN_PREFIX.length), Date.now());
  if (oidc && claimsIssuer(token, oidc.trust)) {
    const user = await oidc.verify(token);
    if (!user) throw unauthorized();
    return user;
  }
  const claims = tokens.read(token);
  if (!claims) throw unauthorized();
  const { namespace, serviceaccount } = claims['kubernetes.io'];
  // A bound token dies with its account: a ServiceAccount deleted (or made again) refuses it.
  const sa = store.get('serviceaccounts', namespace, serviceaccount.name);
  if (claims.exp * 1000 <= store.now().getTime() || !sa || sa.metadata.uid !== serviceaccount.uid) throw unauthorized();
  return {
    name: claims.sub,
    uid: serviceaccount.uid,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, AUTHENTICATED],
    extra: { 'authentication.kubernetes.io/credential-id': [`JTI=${claims.jti}`] },
  };
}

/**
 * The principal of an `aws eks get-token` token. The sandbox cannot ask STS, so it checks the
 * URL's form and age as aws-iam-authenticator does before asking, and takes the access key as the
 * principal: the sandbox's AWS credentials are its cluster creator's, who EKS maps to system:masters.
 */
export function eksUser(encoded: string, nowMs: number): UserInfo {
  let url: URL;
  try {
    url = new URL(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    throw unauthorized();
  }
  const q = url.searchParams;
  const credential = (q.get('X-Amz-Credential') ?? '').split('/');
  const signed = (q.get('X-Amz-SignedHeaders') ?? '').split(';');
  const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(q.get('X-Amz-Date') ?? '');
  if (
    url.protocol !== 'https:' ||
    !/^sts(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$/.test(url.hostname) ||
    q.get('Action') !== 'GetCallerIdentity' ||
    credential.length !== 5 ||
    credential[3] !== 'sts' ||
    !signed.includes('x-k8s-aws-id') ||
    !date
  ) {
    throw unauthorized();
  }
  const signedAt = Date.UTC(+date[1], +date[2] - 1, +date[3], +date[4], +date[5], +date[6]);
  if (nowMs - signedAt > EKS_TOKEN_LIFETIME_MS) throw unauthorized();
  const accessKeyId = credential[0];
  const arn = `arn:aws:iam::${ACCOUNT}:user/${accessKeyId}`;
  return {
    name: arn,
    uid: `aws-iam-authenticator:${ACCOUNT}:${accessKeyId}`,
    groups: [MASTERS, AUTHENTICATED],
    extra: { accessKeyId: [accessKeyId], arn: [arn], canonicalArn: [arn], principalId: [accessKeyId] },
  };
}

/** SelfSubjectReview (`kubectl auth whoami`): the caller as the authenticator and impersonation left it. */
export function selfSubjectReview(user: UserInfo, version: string) {
  return {
    kind: 'SelfSubjectReview',
    apiVersion: `authentication.k8s.io/${version}`,
    metadata: { creationTimestamp: null },
    status: {
      userInfo: {
        username: user.name,
        ...(user.uid ? { uid: user.uid } : {}),
        groups: user.groups,
        ...(user.extra && Object.keys(user.extra).length ? { extra: user.extra } : {}),
      },
    },
  };
}
